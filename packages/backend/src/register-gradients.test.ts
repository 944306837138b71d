/**
 * Gradients and chained ops must work from the published builds, CommonJS and ESM alike (tfjs-core's
 * CJS build registers neither). These tests run the built dist/ in a fresh Node process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const program = `
  const info = await ftheta.initBackend();
  const x = tf.tensor1d([1, 2, 3]);
  const g = tf.grad((v) => v.square().sum())(x);   // chained ops + a gradient
  console.log(JSON.stringify({ name: info.name, grad: Array.from(g.dataSync()) }));
`;

it.each([
  ['CommonJS (require)', `(async () => { const tf = require('@tensorflow/tfjs-core'); const ftheta = require('@ftheta/backend'); ${program} })()`, []],
  ['ESM (import)', `const tf = await import('@tensorflow/tfjs-core'); const ftheta = await import('@ftheta/backend'); ${program}`, ['--input-type=module']],
])('works from the %s build', (_label, code, flags) => {
  expect(existsSync(`${root}/dist/index.cjs`), 'run `pnpm build` first').toBe(true);
  const out = execFileSync(process.execPath, [...(flags as string[]), '-e', code as string], { cwd: root, encoding: 'utf8' });
  expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ name: 'wasm', grad: [2, 4, 6] });
});
