/**
 * A merge of two checkpoints larger (together) than the Node heap it runs in: generated files of
 * ~2 × 160 MB, merged in a child process under --max-old-space-size=64 from the built package
 * (dist/; turbo builds it before testing). It must succeed with a peak RSS growth well under the
 * inputs' size, and its output must hold the right values.
 */
import { SafetensorsFileReader, SafetensorsFileWriter } from '@ftheta/core-model/node';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const HEAP_MB = 64;
const TENSORS = 40;
const ROWS = 1024;
const COLS = 1000; // 40 × 1024 × 1000 float32 = 156 MiB per model
const child = fileURLToPath(new URL('../../test/streaming-merge-child.mjs', import.meta.url));
const built = fileURLToPath(new URL('../../dist/node.js', import.meta.url));
let dir: string;
if (!existsSync(built)) console.warn(`streaming.test.ts: skipped — ${built} is missing (run pnpm --filter @ftheta/merging build first; turbo does it before test)`);

/** Value j of tensor k of model m: cheap, exact in float32, different per model. */
const value = (m: number, k: number, j: number) => ((j * 7 + k * 13 + m * 29) % 97) / 8 - 6;

async function writeModel(name: string, m: number): Promise<number> {
  const d = path.join(dir, name);
  await mkdir(d, { recursive: true });
  await writeFile(path.join(d, 'config.json'), JSON.stringify({ model_type: 'streaming-test' }));
  const specs = Array.from({ length: TENSORS }, (_, k) => ({ name: `layers.${k}.weight`, shape: [ROWS, COLS] }));
  specs.push({ name: 'norm.bias', shape: [COLS] });
  const w = await SafetensorsFileWriter.create(path.join(d, 'model.safetensors'), specs);
  for (const n of w.order) {
    const k = n === 'norm.bias' ? TENSORS : Number(n.split('.')[1]);
    const data = new Float32Array(n === 'norm.bias' ? COLS : ROWS * COLS);
    for (let j = 0; j < data.length; j++) data[j] = value(m, k, j);
    await w.write(n, data);
  }
  await w.finish();
  return (await stat(path.join(d, 'model.safetensors'))).size;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-stream-merge-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it.skipIf(!existsSync(built))(`merges 2 × ~160 MB checkpoints under --max-old-space-size=${HEAP_MB}, one tensor at a time`, async () => {
  const sizes = [await writeModel('a', 0), await writeModel('b', 1)];
  const inputBytes = sizes[0] + sizes[1];
  expect(inputBytes).toBeGreaterThan(4 * HEAP_MB * 1024 * 1024);
  const recipe = path.join(dir, 'recipe.yml');
  await writeFile(recipe, 'merge_method: linear\nmodels:\n  - {model: a, parameters: {weight: 3}}\n  - {model: b, parameters: {weight: 1}}\n');
  const out = execFileSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, child, recipe, path.join(dir, 'merged')], { encoding: 'utf8', timeout: 120_000 });
  const report = JSON.parse(out.trim().split('\n').pop()!) as { rss: number; heapUsed: number; arrayBuffers: number; maxRss: number; startRss: number; seconds: number; tensors: number };
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `streaming merge: inputs ${mb(inputBytes)} (heap limit ${HEAP_MB} MB), ${report.tensors} tensors in ${report.seconds.toFixed(1)} s; ` +
      `peak RSS ${mb(report.maxRss)} (${mb(report.startRss)} after loading the package), peak heapUsed ${mb(report.heapUsed)}, peak arrayBuffers ${mb(report.arrayBuffers)}`,
  );
  expect(report.tensors).toBe(TENSORS + 1);
  expect(report.maxRss - report.startRss).toBeLessThan(inputBytes / 3); // the merge itself: a few tensors, not the files
  expect(report.heapUsed).toBeLessThan(HEAP_MB * 1024 * 1024);

  const merged = await SafetensorsFileReader.open(path.join(dir, 'merged', 'model.safetensors'));
  try {
    for (const name of ['layers.0.weight', 'layers.39.weight', 'norm.bias']) {
      const k = name === 'norm.bias' ? TENSORS : Number(name.split('.')[1]);
      const { data } = await merged.read(name);
      for (const j of [0, 1, 777, data.length - 1]) expect(data[j]).toBeCloseTo((3 * value(0, k, j) + value(1, k, j)) / 4, 5);
    }
  } finally {
    await merged.close();
  }
}, 120_000);
