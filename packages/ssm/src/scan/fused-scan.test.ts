/** The fused scan (@ftheta/backend's kernels) equals the sequential one (the definition) in values and gradients. */
import { initBackend, setKernelFixes } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExpectedLogits, ids2d, loadFixtureModel, maxAbsDiff, randomScanInputs, readJson } from '../../test/helpers';
import { fusedScan, fusedScanAvailable } from './fused-scan';
import type { ScanInputs } from './scan-inputs';
import { selectiveScan } from './selective-scan';
import { sequentialScan } from './sequential-scan';

const TOL = 1e-5;
type Scan = (i: ScanInputs) => { y: tf.Tensor; state: tf.Tensor };

/** Σ y·wy + Σ state·wh as a function of every input (h0 last, when the inputs have one). */
function lossOf(scan: Scan, inputs: ScanInputs, wy: tf.Tensor, wh: tf.Tensor) {
  return (...v: tf.Tensor[]) => {
    const [x, delta, A, B, C, D, h0] = v;
    const { y, state } = scan({ x, delta, A, B, C, D, initialState: h0 ?? inputs.initialState } as ScanInputs);
    return tf.add(tf.sum(tf.mul(y, wy)), tf.sum(tf.mul(state, wh))) as tf.Scalar;
  };
}

/** Largest |a − b| / max(1, |b|): dA sums B·T terms, so its values grow with T. */
function scaledDiff(a: tf.Tensor, b: tf.Tensor): number {
  const [va, vb] = [a.dataSync(), b.dataSync()];
  let m = 0;
  for (let i = 0; i < va.length; i++) m = Math.max(m, Math.abs(va[i] - vb[i]) / Math.max(1, Math.abs(vb[i])));
  return m;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fusedScan vs sequentialScan on ${backend}`, () => {
    let before = 0;
    beforeEach(async () => {
      await initBackend({ prefer: backend });
      before = tf.memory().numTensors;
    });
    afterEach(() => {
      setKernelFixes(true);
      expect(tf.memory().numTensors).toBe(before);
    });

    const cases = [
      { b: 3, t: 1, di: 5, n: 3, withState: false },
      { b: 2, t: 1, di: 4, n: 5, withState: true },
      { b: 2, t: 7, di: 6, n: 4, withState: false },
      { b: 2, t: 7, di: 6, n: 4, withState: true },
      { b: 2, t: 64, di: 9, n: 4, withState: false },
      { b: 2, t: 64, di: 8, n: 5, withState: true },
    ];
    for (const c of cases) {
      it(`B ${c.b} T ${c.t} d_inner ${c.di} N ${c.n}${c.withState ? ' after a state' : ''}: values and gradients (x, Δ, A, B, C, D${c.withState ? ', h0' : ''}) within ${TOL}`, () => {
        expect(fusedScanAvailable()).toBe(true);
        const inputs = randomScanInputs(c.b, c.t, c.di, c.n, 17 + c.t, c.withState);
        const seq = sequentialScan(inputs);
        const fus = fusedScan(inputs);
        expect(fus.y.shape).toEqual([c.b, c.t, c.di]);
        expect(fus.state.shape).toEqual([c.b, c.di, c.n]);
        const dy = maxAbsDiff(seq.y, fus.y);
        const dh = maxAbsDiff(seq.state, fus.state);
        expect(dy).toBeLessThan(TOL);
        expect(dh).toBeLessThan(TOL);
        tf.dispose([seq.y, seq.state, fus.y, fus.state]);

        const wy = tf.randomNormal(inputs.x.shape, 0, 1, 'float32', 3);
        const wh = tf.randomNormal([c.b, c.di, c.n], 0, 1, 'float32', 4);
        const args = [inputs.x, inputs.delta, inputs.A, inputs.B, inputs.C, inputs.D!, ...(inputs.initialState ? [inputs.initialState] : [])];
        const gSeq = tf.grads(lossOf(sequentialScan, inputs, wy, wh))(args);
        const gFus = tf.grads(lossOf(fusedScan, inputs, wy, wh))(args);
        const names = ['x', 'Δ', 'A', 'B', 'C', 'D', 'h0'];
        const worst = gSeq.map((g, i) => scaledDiff(gFus[i], g));
        console.log(`[${backend}] T ${c.t}: |Δy| ${dy.toExponential(1)}, |Δh| ${dh.toExponential(1)}, grads ${worst.map((w, i) => `${names[i]} ${w.toExponential(1)}`).join(', ')}`);
        for (const w of worst) expect(w).toBeLessThan(TOL);
        tf.dispose([...gSeq, ...gFus, wy, wh]);
        disposeInputs(inputs);
      });
    }

    for (const name of ['mamba-tiny', 'mamba-untied']) {
      it(`${name}: logits through the fused scan equal the PyTorch reference within 1e-4, gradients the sequential scan's`, () => {
        const model = loadFixtureModel(name);
        const expected = readJson<ExpectedLogits>(name, 'expected_logits.json');
        const ids = ids2d(expected.tokens);
        const { logits, state } = model.forward(ids, undefined, { scan: { mode: 'fused' } });
        const diff = maxAbsDiff(logits, expected.logits);
        console.log(`[${backend}] ${name} (fused scan): max |Δ logits| = ${diff.toExponential(2)}`);
        expect(diff).toBeLessThan(1e-4);
        tf.dispose(logits);
        state.dispose();
        const vars = model.params.names.map((n: string) => model.params.get(n));
        const lossWith = (mode: 'fused' | 'sequential') => () => {
          const r = model.forward(ids, undefined, { scan: { mode } });
          r.state.dispose();
          return tf.mean(tf.square(r.logits)) as tf.Scalar;
        };
        const a = tf.variableGrads(lossWith('fused'), vars);
        const b = tf.variableGrads(lossWith('sequential'), vars);
        let worst = 0;
        for (const v of vars) worst = Math.max(worst, maxAbsDiff(a.grads[v.name], b.grads[v.name]));
        console.log(`[${backend}] ${name}: model gradients, fused vs sequential: max |Δ| = ${worst.toExponential(2)}`);
        expect(worst).toBeLessThan(1e-6);
        tf.dispose([ids, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
        model.dispose();
      });
    }

    it("selectiveScan's 'auto' runs the fused kernel (any T), and the chunked scan when it is off", async () => {
      const inputs = randomScanInputs(1, 5, 4, 2, 1, false);
      const kernelsOf = async (mode: 'auto' | 'chunked', fixes: boolean) => {
        setKernelFixes(fixes);
        const info = await tf.profile(() => {
          const r = selectiveScan(inputs, { mode, chunkSize: 2 });
          return [r.y, r.state];
        });
        tf.dispose(info.result as tf.Tensor[]);
        setKernelFixes(true);
        return info.kernelNames;
      };
      expect(await kernelsOf('auto', true)).toContain('FthetaSelectiveScan');
      expect(await kernelsOf('chunked', true)).not.toContain('FthetaSelectiveScan');
      expect(await kernelsOf('auto', false)).not.toContain('FthetaSelectiveScan');
      expect(() => fusedScan({ ...inputs, C: inputs.x })).toThrow(/fusedScan: C must have shape \[1,5,2\], got \[1,5,4\]/);
      disposeInputs(inputs);
    });
  });
}

function disposeInputs(i: ScanInputs): void {
  tf.dispose([i.x, i.delta, i.A, i.B, i.C, ...(i.D ? [i.D] : []), ...(i.initialState ? [i.initialState] : [])]);
}
