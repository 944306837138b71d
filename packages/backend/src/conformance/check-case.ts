/**
 * Checks one conformance case on one backend: forward values and gradients against a reference
 * backend (cpu), gradients against central finite differences on the backend itself, and that
 * no tensor outlives the call.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase, InputSpec } from './case';
import { mulberry32, seedOf } from './random';

export interface CaseResult {
  name: string;
  backend: string;
  ok: boolean;
  /** What went wrong, one line each; empty when ok. */
  problems: string[];
  /** max |a-b| / max(1,|b|) of forward values vs the reference. */
  forwardError: number;
  /** Same for gradients (null when the case has none). */
  gradError: number | null;
  /** Worst |fd-g| / max(1,|g|) over the sampled coordinates (null when not checked). */
  finiteDifferenceError: number | null;
  /** Tensors left over after the case ran on the backend under test. */
  leakedTensors: number;
}

export interface CheckOptions {
  /** Backend that gives the expected values (default 'cpu'). */
  reference?: string;
  /** Coordinates per input checked with finite differences (default 3). */
  finiteDifferenceSamples?: number;
  /** Step for finite differences (default 1e-2; float32). */
  step?: number;
  /** Tolerance for finite differences (default 2e-2). */
  finiteDifferenceTol?: number;
}

type Data = Float32Array | Int32Array;

function draw(spec: InputSpec, rand: () => number): Data {
  const n = spec.shape.reduce((p, s) => p * s, 1);
  if (spec.kind === 'int') return Int32Array.from({ length: n }, () => Math.floor(rand() * spec.max));
  const lo = spec.lo ?? -1;
  const hi = spec.hi ?? 1;
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

function scaledError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i]));
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    if (d > worst) worst = d;
  }
  return worst;
}

interface Run {
  shape: number[];
  forward: Float32Array | Int32Array | Uint8Array;
  grads: Float32Array[];
  loss: (data: Data[]) => Promise<number>;
}

async function runOn(backend: string, c: ConformanceCase, data: Data[], diff: number[], r: Float32Array | null): Promise<Run> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to start`);
  const make = (d: Data[]) => d.map((v, i) => tf.tensor(v, c.inputs[i].shape, v instanceof Int32Array ? 'int32' : 'float32'));
  const xs = make(data);
  const y = tf.tidy(() => c.fn(...xs));
  const forward = (await y.data()) as Float32Array;
  const shape = y.shape;
  y.dispose();
  const projection = r ?? new Float32Array(forward.length).fill(1);
  const lossOf = (inputs: tf.Tensor[]) => tf.sum(tf.mul(tf.cast(c.fn(...inputs), 'float32'), tf.tensor(projection, shape)));
  const grads: Float32Array[] = [];
  if (diff.length > 0) {
    const g = tf.grads((...ds: tf.Tensor[]) => {
      const all = [...xs];
      diff.forEach((idx, j) => {
        all[idx] = ds[j];
      });
      return lossOf(all);
    })(diff.map((i) => xs[i]));
    for (const t of g) {
      grads.push((await t.data()) as Float32Array);
      t.dispose();
    }
  }
  tf.dispose(xs);
  const loss = async (d: Data[]) => {
    const ins = make(d);
    const l = tf.tidy(() => lossOf(ins));
    const v = (await l.data())[0];
    l.dispose();
    tf.dispose(ins);
    return v;
  };
  return { shape, forward, grads, loss };
}

/** Runs one case on `backend` and compares it with the reference backend. */
export async function checkCase(c: ConformanceCase, backend: string, options: CheckOptions = {}): Promise<CaseResult> {
  const reference = options.reference ?? 'cpu';
  const samples = options.finiteDifferenceSamples ?? 3;
  const step = options.step ?? 1e-2;
  const fdTol = options.finiteDifferenceTol ?? 2e-2;
  const tol = c.tol ?? 1e-3;
  const rand = mulberry32(seedOf(c.name));
  const data = c.inputs.map((s) => draw(s, rand));
  const diff = c.inputs.flatMap((s, i) => (s.kind === 'int' ? [] : [i]));
  const wantGrad = (c.grad ?? true) && diff.length > 0;
  const problems: string[] = [];

  const ref = await runOn(reference, c, data, [], null);
  const r = Float32Array.from({ length: ref.forward.length }, () => rand() * 2 - 1);
  const refFull = await runOn(reference, c, data, wantGrad ? diff : [], r);

  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} failed to start`);
  const before = tf.memory().numTensors;
  const got = await runOn(backend, c, data, wantGrad ? diff : [], r);

  if (got.shape.join() !== refFull.shape.join()) problems.push(`forward shape [${got.shape}] != reference [${refFull.shape}]`);
  const forwardError = scaledError(got.forward, refFull.forward);
  if (!(forwardError <= tol)) problems.push(`forward differs from ${reference}: error ${forwardError.toExponential(2)} > ${tol}`);

  let gradError: number | null = null;
  let fdError: number | null = null;
  if (wantGrad) {
    gradError = 0;
    got.grads.forEach((g, j) => {
      const e = scaledError(g, refFull.grads[j]);
      if (!(e <= tol)) problems.push(`gradient of input ${diff[j]} differs from ${reference}: error ${e.toExponential(2)} > ${tol}`);
      gradError = Math.max(gradError as number, e);
    });
    if (c.finiteDifferences ?? true) {
      fdError = 0;
      for (let j = 0; j < diff.length; j++) {
        const input = diff[j];
        const n = data[input].length;
        for (let s = 0; s < Math.min(samples, n); s++) {
          const at = Math.floor(rand() * n);
          const plus = data.map((d) => d.slice());
          const minus = data.map((d) => d.slice());
          plus[input][at] += step;
          minus[input][at] -= step;
          const fd = ((await got.loss(plus)) - (await got.loss(minus))) / (2 * step);
          const g = got.grads[j][at];
          const e = Math.abs(fd - g) / Math.max(1, Math.abs(g), Math.abs(fd));
          fdError = Math.max(fdError, e);
          if (!(e <= fdTol)) problems.push(`gradient of input ${input} at ${at} is ${g}, finite differences give ${fd}`);
        }
      }
    }
  }
  const leakedTensors = tf.memory().numTensors - before;
  if (leakedTensors !== 0) problems.push(`${leakedTensors} tensors leaked`);
  return { name: c.name, backend, ok: problems.length === 0, problems, forwardError, gradError, finiteDifferenceError: fdError, leakedTensors };
}
