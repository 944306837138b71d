/** The chunked scan equals the sequential one (the definition) in values and in gradients. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maxAbsDiff, randomScanInputs } from '../../test/helpers';
import { chunkedScan } from './chunked-scan';
import type { ScanInputs } from './scan-inputs';
import { selectiveScan } from './selective-scan';
import { sequentialScan } from './sequential-scan';

const TOL = 1e-5;

/** A scalar loss over y and the final state, with fixed random weights (so every output matters). */
function lossOf(scan: (i: ScanInputs) => { y: tf.Tensor; state: tf.Tensor }, inputs: ScanInputs, wy: tf.Tensor, wh: tf.Tensor) {
  return (x: tf.Tensor, delta: tf.Tensor, A: tf.Tensor, B: tf.Tensor, C: tf.Tensor, D: tf.Tensor) => {
    const { y, state } = scan({ ...inputs, x: x as tf.Tensor3D, delta: delta as tf.Tensor3D, A: A as tf.Tensor2D, B: B as tf.Tensor3D, C: C as tf.Tensor3D, D: D as tf.Tensor1D });
    return tf.add(tf.sum(tf.mul(y, wy)), tf.sum(tf.mul(state, wh))) as tf.Scalar;
  };
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`chunkedScan vs sequentialScan on ${backend}`, () => {
    let before = 0;
    beforeEach(async () => {
      await initBackend({ prefer: backend });
      before = tf.memory().numTensors;
    });
    afterEach(() => expect(tf.memory().numTensors).toBe(before));

    const cases = [
      { name: 'T not a multiple of the chunk', b: 2, t: 13, di: 6, n: 4, chunk: 4, withState: false },
      { name: 'T < chunk', b: 2, t: 5, di: 6, n: 4, chunk: 8, withState: false },
      { name: 'T = 1', b: 3, t: 1, di: 5, n: 3, chunk: 4, withState: false },
      { name: 'with an initial state, several chunks', b: 2, t: 11, di: 4, n: 5, chunk: 3, withState: true },
      { name: 'T = 1 after a state', b: 2, t: 1, di: 4, n: 5, chunk: 3, withState: true },
    ];
    for (const c of cases) {
      it(`${c.name}: values and gradients (x, Δ, A, B, C, D${c.withState ? ', h0' : ''}) within ${TOL}`, () => {
        const inputs = randomScanInputs(c.b, c.t, c.di, c.n, 7 + c.t, c.withState);
        const seq = sequentialScan(inputs);
        const chk = chunkedScan(inputs, { chunkSize: c.chunk });
        expect(chk.y.shape).toEqual([c.b, c.t, c.di]);
        expect(chk.state.shape).toEqual([c.b, c.di, c.n]);
        const dy = maxAbsDiff(seq.y, chk.y);
        const dh = maxAbsDiff(seq.state, chk.state);
        expect(dy).toBeLessThan(TOL);
        expect(dh).toBeLessThan(TOL);
        tf.dispose([seq.y, seq.state, chk.y, chk.state]);

        const wy = tf.randomNormal(inputs.x.shape, 0, 1, 'float32', 3);
        const wh = tf.randomNormal([c.b, c.di, c.n], 0, 1, 'float32', 4);
        const args = [inputs.x, inputs.delta, inputs.A, inputs.B, inputs.C, inputs.D!];
        const gSeq = tf.grads(lossOf(sequentialScan, inputs, wy, wh))(args);
        const gChk = tf.grads(lossOf((i) => chunkedScan(i, { chunkSize: c.chunk }), inputs, wy, wh))(args);
        const names = ['x', 'Δ', 'A', 'B', 'C', 'D'];
        const worst = gSeq.map((g, i) => maxAbsDiff(g, gChk[i]));
        console.log(`[${backend}] ${c.name}: |Δy| ${dy.toExponential(1)}, |Δh| ${dh.toExponential(1)}, grads ${names.map((k, i) => `${k} ${worst[i].toExponential(1)}`).join(', ')}`);
        for (const w of worst) expect(w).toBeLessThan(TOL);
        if (inputs.initialState) {
          const h0 = inputs.initialState;
          const f = (scan: (i: ScanInputs) => { y: tf.Tensor; state: tf.Tensor }) => (h: tf.Tensor) => {
            const r = scan({ ...inputs, initialState: h as tf.Tensor3D });
            return tf.add(tf.sum(tf.mul(r.y, wy)), tf.sum(tf.mul(r.state, wh))) as tf.Scalar;
          };
          const a = tf.grad(f(sequentialScan))(h0);
          const b2 = tf.grad(f((i) => chunkedScan(i, { chunkSize: c.chunk })))(h0);
          expect(maxAbsDiff(a, b2)).toBeLessThan(TOL);
          tf.dispose([a, b2]);
        }
        tf.dispose([...gSeq, ...gChk, wy, wh]);
        disposeInputs(inputs);
      });
    }

    it('selectiveScan runs with a chunk size, and rejects bad modes and shapes', () => {
      const inputs = randomScanInputs(1, 3, 2, 2, 1, false);
      const r = selectiveScan(inputs, { mode: 'auto', chunkSize: 2 });
      tf.dispose([r.y, r.state]);
      expect(() => selectiveScan(inputs, { mode: 'fast' as never })).toThrow(/mode "fast"/);
      expect(() => chunkedScan(inputs, { chunkSize: 0 })).toThrow(/chunkSize/);
      const bad = tf.zeros([1, 2, 2]) as tf.Tensor3D;
      expect(() => sequentialScan({ ...inputs, B: bad })).toThrow(/sequentialScan: B must have shape \[1,3,2\], got \[1,2,2\]/);
      bad.dispose();
      disposeInputs(inputs);
    });
  });
}

function disposeInputs(i: ScanInputs): void {
  tf.dispose([i.x, i.delta, i.A, i.B, i.C, ...(i.D ? [i.D] : []), ...(i.initialState ? [i.initialState] : [])]);
}
