/**
 * 1000 training steps on wasm with flat memory after warm-up: the same tensor count and bytes
 * (tf.memory()) at step 100 and at step 1000, and RSS within a small bound.
 *
 * Why RSS is only bounded, not equal: the wasm heap grows to its peak and never shrinks (so it is
 * measured after warm-up, when the step's peak has been reached), and V8 keeps or returns heap
 * pages (heapTotal) as it likes. Each snapshot follows a full GC. Measured here (2 shared cores),
 * every 250 steps up to 3000: RSS 153–158 MB and heapTotal 63–71 MB moving up and down, heapUsed
 * 26.0–26.9 MB, `external` (the wasm heap) 18.1–18.5 MB — a plateau. Without the GC, runs under
 * heavy load drifted by up to +42 MB, and even after GC one loaded run read +27 MB while heapUsed
 * (+0.5 MB) and `external` (+0.1 MB) stayed flat: pages V8 and the allocator keep, not live data.
 * So the tight bounds are on the leak channels themselves — heapUsed +4 MB (~5 KB per step over
 * 800 steps) and `external` +1 MB (a wasm allocation never freed grows the wasm heap) — and RSS
 * has a loose +48 MB bound that only a gross leak crosses.
 * Leaks of tracked tensors, however small, are caught exactly by the numTensors / numBytes equalities.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { randomWindows } from '../data';
import { warmupCosine } from '../optim';
import { corpus, tinyModel } from './tiny-run.testing';
import { train } from './train';

const STEPS = 1000;
const WARMUP = 200;
const RSS_BOUND_BYTES = 48 * 2 ** 20;
/** The leak channels of this code, after a full GC: V8's live heap and the wasm heap (`external`). */
const HEAP_USED_BOUND_BYTES = 4 * 2 ** 20;
const EXTERNAL_BOUND_BYTES = 2 ** 20;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

interface Snapshot {
  numTensors: number;
  numBytes: number;
  rss: number;
  heapUsed: number;
  external: number;
}

// A full GC before each snapshot, so V8's lazily kept garbage does not read as growth (the flag
// can be set at run time; the function is then reachable from a fresh context).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const snapshot = (): Snapshot => {
  gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, rss, heapUsed, external };
};

it(`${STEPS} training steps (with evaluation) keep tf.memory() and RSS flat after warm-up`, async () => {
  const model = tinyModel(5);
  const tokens = corpus(20_000, 3);
  const shots = new Map<number, Snapshot>();
  const t0 = performance.now();
  const r = await train({
    model,
    train: randomWindows(tokens.subarray(0, 18_000), { batchSize: 4, seqLen: 16, seed: 1 }),
    val: randomWindows(tokens.subarray(18_000), { batchSize: 4, seqLen: 16, seed: 2 }),
    steps: STEPS,
    evalEvery: 100,
    evalBatches: 2,
    lr: warmupCosine({ lr: 3e-3, minLr: 3e-4, warmupSteps: 20, decaySteps: STEPS }),
    callbacks: {
      onStep: ({ step }) => {
        if (step === WARMUP || step === STEPS) shots.set(step, snapshot());
      },
    },
  });
  const sec = (performance.now() - t0) / 1000;
  expect(tf.getBackend()).toBe('wasm');
  expect(r.reason).toBe('done');
  const a = shots.get(WARMUP)!;
  const b = shots.get(STEPS)!;
  const mb = (x: number) => (x / 2 ** 20).toFixed(1);
  console.log(
    `${STEPS} steps in ${sec.toFixed(1)} s on wasm: tensors ${a.numTensors} -> ${b.numTensors}, bytes ${a.numBytes} -> ${b.numBytes}, ` +
      `RSS ${mb(a.rss)} -> ${mb(b.rss)} MB (${b.rss >= a.rss ? '+' : ''}${mb(b.rss - a.rss)} MB; bound +${mb(RSS_BOUND_BYTES)} MB), ` +
      `V8 heapUsed ${mb(a.heapUsed)} -> ${mb(b.heapUsed)} MB, external ${mb(a.external)} -> ${mb(b.external)} MB`,
  );
  expect(b.numTensors).toBe(a.numTensors);
  expect(b.numBytes).toBe(a.numBytes);
  expect(b.heapUsed - a.heapUsed).toBeLessThan(HEAP_USED_BOUND_BYTES);
  expect(b.external - a.external).toBeLessThan(EXTERNAL_BOUND_BYTES);
  expect(b.rss - a.rss).toBeLessThan(RSS_BOUND_BYTES);
  model.dispose();
});
