/** The built binary (dist/bin.js), run as users run it. `turbo run test` builds it first. */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'bin.js');

function ftheta(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm build\` in apps/cli first`);
  const built = statSync(bin).mtimeMs;
  const srcFile = path.join(root, 'src', 'cli.ts');
  if (statSync(srcFile).mtimeMs > built) throw new Error(`${bin} is older than src/cli.ts: run \`pnpm build\` first`);
});

describe('dist/bin.js', () => {
  it('backend --json reports wasm with SIMD and a correct matMul', async () => {
    const { code, stdout } = await ftheta(['backend', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.name).toBe('wasm');
    expect(out.simd).toBe(true);
    expect(out.check.maxAbsError).toBeLessThan(1e-3);
    expect(out.check.gflops).toBeGreaterThan(0);
  });

  it('bench matmul --quick writes the JSON atomically with ratios first and batched ratios > 1', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ftheta-bench-'));
    try {
      const { code, stdout, stderr } = await ftheta(['bench', 'matmul', '--quick', '--out', dir]);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain('[bench matmul]');
      expect(await readdir(dir)).toEqual(['matmul.json']); // no .tmp left behind
      expect(JSON.parse(stdout).file).toBe(path.join(dir, 'matmul.json'));

      const result = JSON.parse(await readFile(path.join(dir, 'matmul.json'), 'utf8'));
      expect(Object.keys(result).slice(0, 2)).toEqual(['scenario', 'summary']);
      expect(result).toMatchObject({ scenario: 'matmul', quick: true });
      expect(Object.keys(result)).toEqual(expect.arrayContaining(['date', 'machine', 'versions', 'method', 'cases', 'numpy']));
      expect(Number.isNaN(Date.parse(result.date))).toBe(false);
      expect(result.machine).toMatchObject({ cores: os.cpus().length, platform: process.platform, node: process.version });
      expect(typeof result.machine.cpuModel).toBe('string');
      expect(result.machine.totalMemoryBytes).toBe(os.totalmem());
      expect(result.versions['@tensorflow/tfjs-core']).toBe('4.22.0');
      expect(result.versions['@ftheta/backend']).toMatch(/^\d+\.\d+\.\d+/);
      expect(result.tensors.atEnd).toBe(result.tensors.atStart);

      const batched = ['batched', 'batched-transposeA', 'batched-transposeB', 'batched-transposeAB'];
      expect(Object.keys(result.summary.fthetaOverStockBatched)).toEqual(batched);
      for (const id of batched) expect(result.summary.fthetaOverStockBatched[id]).toBeGreaterThan(1);
      expect(result.summary.correct).toBe(true);
      for (const c of result.cases) {
        expect(Object.keys(c).slice(0, 3)).toEqual(['id', 'group', 'ratios']);
        expect(c.gflops.wasmFtheta).toBeGreaterThan(0);
        expect(c.ratios.fthetaOverStock).toBeCloseTo(c.gflops.wasmFtheta / c.gflops.wasmStock, 1);
      }
      // numpy is either measured or says why not; it never fails the bench.
      if (result.numpy.available) expect(result.versions.numpy).toMatch(/^\d/);
      else expect(result.numpy.reason).toEqual(expect.any(String));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unknown scenario exits 2 with one clear line and no stack', async () => {
    const { code, stdout, stderr } = await ftheta(['bench', 'tokenizerz']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown bench scenario "tokenizerz"; known scenarios: matmul');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
