import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../conformance/random';
import { initBackend } from '../init-backend';
import { setKernelFixes } from '../kernels/kernel-fixes';
import { selectiveScan, selectiveScanIsFused } from './selective-scan';
import type { SelectiveScanInputs } from './selective-scan-args';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

afterEach(async () => {
  setKernelFixes(true);
  await tf.setBackend('wasm');
});

const TOL = 1e-5;
const NAMES = ['x', 'delta', 'A', 'B', 'C', 'D', 'initialState'] as const;

interface Case {
  b: number;
  t: number;
  d: number;
  n: number;
  withD: boolean;
  withState: boolean;
}

/** Values of one case: Δ in (0.05, 1.5) (softplus outputs), A in (−2, −0.3), the rest ~U(−1, 1). */
function draw(c: Case, seed: number): Record<(typeof NAMES)[number], Float32Array> {
  const rand = mulberry32(seed);
  const u = (len: number, lo: number, hi: number) => Float32Array.from({ length: len }, () => lo + (hi - lo) * rand());
  const { b, t, d, n } = c;
  return {
    x: u(b * t * d, -1, 1),
    delta: u(b * t * d, 0.05, 1.5),
    A: u(d * n, -2, -0.3),
    B: u(b * t * n, -1, 1),
    C: u(b * t * n, -1, 1),
    D: u(d, 0.5, 1.5),
    initialState: u(b * d * n, -1, 1),
  };
}

/** Forward values [y, state] and gradients of Σ y·wy + Σ state·wh w.r.t. every input given, on the active backend. */
async function run(c: Case, seed: number, use: 'both' | 'y' | 'state' = 'both'): Promise<Float32Array[]> {
  const v = draw(c, seed);
  const { b, t, d, n } = c;
  const before = tf.memory().numTensors;
  const shapes = { x: [b, t, d], delta: [b, t, d], A: [d, n], B: [b, t, n], C: [b, t, n], D: [d], initialState: [b, d, n] };
  const names = NAMES.filter((k) => (k !== 'D' || c.withD) && (k !== 'initialState' || c.withState));
  const ts = names.map((k) => tf.tensor(v[k], shapes[k]));
  const rand = mulberry32(seed + 1);
  const wy = tf.tensor(Float32Array.from({ length: b * t * d }, () => rand() - 0.5), [b, t, d]);
  const wh = tf.tensor(Float32Array.from({ length: b * d * n }, () => rand() - 0.5), [b, d, n]);
  const inputsOf = (xs: tf.Tensor[]) => Object.fromEntries(names.map((k, i) => [k, xs[i]])) as unknown as SelectiveScanInputs;
  const r = selectiveScan(inputsOf(ts));
  expect(r.y.shape).toEqual([b, t, d]);
  expect(r.state.shape).toEqual([b, d, n]);
  const loss = (...xs: tf.Tensor[]) => {
    const { y, state } = selectiveScan(inputsOf(xs));
    const ly = tf.sum(tf.mul(y, wy));
    const lh = tf.sum(tf.mul(state, wh));
    return (use === 'y' ? ly : use === 'state' ? lh : tf.add(ly, lh)) as tf.Scalar;
  };
  // The state depends on neither C nor D: tfjs refuses gradients w.r.t. inputs that do not reach the loss.
  const wrt = names.map((k, i) => (use === 'state' && (k === 'C' || k === 'D') ? -1 : i)).filter((i) => i >= 0);
  const grads = tf.grads((...ds: tf.Tensor[]) => {
    const all = [...ts];
    wrt.forEach((i, j) => {
      all[i] = ds[j];
    });
    return loss(...all);
  })(wrt.map((i) => ts[i]));
  const out = [await r.y.data(), await r.state.data(), ...(await Promise.all(grads.map((g) => g.data())))] as Float32Array[];
  tf.dispose([...ts, wy, wh, r.y, r.state, ...grads]);
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** max |a − b| / max(1, |b|). */
function error(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

const CASES: Case[] = [];
for (const t of [1, 7, 64, 37]) {
  for (const [withD, withState] of [[true, true], [false, false], [true, false], [false, true]] as const) {
    if (t === 37 && !(withD && withState)) continue;
    CASES.push({ b: 2, t, d: t === 64 ? 8 : 6, n: t === 7 ? 3 : 4, withD, withState });
  }
}

describe('selectiveScan (fused) vs the sequential tfjs ops', () => {
  for (const c of CASES) {
    it(`B ${c.b} T ${c.t} D ${c.d} N ${c.n}${c.withD ? ', D' : ''}${c.withState ? ', h0' : ''}: values and gradients within ${TOL}`, async () => {
      const seed = 11 + c.t + (c.withD ? 100 : 0) + (c.withState ? 200 : 0);
      for (const backend of ['wasm', 'cpu']) {
        await tf.setBackend(backend);
        setKernelFixes(false);
        expect(selectiveScanIsFused()).toBe(false);
        const want = await run(c, seed);
        setKernelFixes(true);
        expect(selectiveScanIsFused()).toBe(true);
        const got = await run(c, seed);
        const labels = ['y', 'state', ...NAMES.filter((k) => (k !== 'D' || c.withD) && (k !== 'initialState' || c.withState)).map((k) => `d${k}`)];
        const errors = got.map((g, i) => error(g, want[i]));
        for (let i = 0; i < errors.length; i++) expect(errors[i], `${backend} ${labels[i]}`).toBeLessThan(TOL);
      }
    });
  }

  it('gradients when only y or only the state reaches the loss', async () => {
    const c: Case = { b: 2, t: 9, d: 5, n: 3, withD: true, withState: true };
    for (const use of ['y', 'state'] as const) {
      setKernelFixes(false);
      const want = await run(c, 3, use);
      setKernelFixes(true);
      const got = await run(c, 3, use);
      for (let i = 0; i < got.length; i++) expect(error(got[i], want[i])).toBeLessThan(TOL);
    }
  });
});

it('keeps no tensors without a tape and leaves initialState alone', () => {
  const before = tf.memory().numTensors;
  const x = tf.ones([1, 3, 2]) as tf.Tensor3D;
  const delta = tf.fill([1, 3, 2], 0.5) as tf.Tensor3D;
  const A = tf.fill([2, 2], -1) as tf.Tensor2D;
  const B = tf.ones([1, 3, 2]) as tf.Tensor3D;
  const C = tf.ones([1, 3, 2]) as tf.Tensor3D;
  const h0 = tf.ones([1, 2, 2]) as tf.Tensor3D;
  const { y, state } = selectiveScan({ x, delta, A, B, C, initialState: h0 });
  // h_1 = e^{-0.5}·1 + 0.5, y_1 = 2·h_1
  expect(y.dataSync()[0]).toBeCloseTo(2 * (Math.exp(-0.5) + 0.5), 5);
  expect(Array.from(h0.dataSync())).toEqual([1, 1, 1, 1]);
  tf.dispose([x, delta, A, B, C, h0, y, state]);
  expect(tf.memory().numTensors).toBe(before);
});

it('names the bad argument and its shape', () => {
  const x = tf.zeros([2, 3, 4]) as tf.Tensor3D;
  const delta = tf.zeros([2, 3, 4]) as tf.Tensor3D;
  const A = tf.zeros([4, 5]) as tf.Tensor2D;
  const B = tf.zeros([2, 3, 5]) as tf.Tensor3D;
  const C = tf.zeros([2, 3, 5]) as tf.Tensor3D;
  const bad = tf.zeros([2, 3, 6]) as tf.Tensor3D;
  const s = { x, delta, A, B, C };
  expect(() => selectiveScan({ ...s, x: tf.zeros([3, 4]) as unknown as tf.Tensor3D })).toThrow(/selectiveScan: x must have shape \[B, T, D\].*got \[3,4\]/);
  expect(() => selectiveScan({ ...s, A: tf.zeros([3, 5]) as tf.Tensor2D })).toThrow(/A must have shape \[4, N\].*got \[3,5\]/);
  expect(() => selectiveScan({ ...s, delta: bad })).toThrow(/delta must have shape \[2,3,4\], got \[2,3,6\]/);
  expect(() => selectiveScan({ ...s, B: bad })).toThrow(/B must have shape \[2,3,5\], got \[2,3,6\]/);
  expect(() => selectiveScan({ ...s, C: bad })).toThrow(/C must have shape \[2,3,5\], got \[2,3,6\]/);
  expect(() => selectiveScan({ ...s, D: tf.zeros([5]) as tf.Tensor1D })).toThrow(/D must have shape \[4\], got \[5\]/);
  expect(() => selectiveScan({ ...s, initialState: bad })).toThrow(/initialState must have shape \[2,4,5\], got \[2,3,6\]/);
  expect(() => selectiveScan({ ...s, B: tf.zeros([2, 3, 5], 'int32') as tf.Tensor3D })).toThrow(/B must be float32, got int32/);
  tf.dispose([x, delta, A, B, C, bad]);
});
