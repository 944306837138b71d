import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { mulberry32 } from '../conformance/random';
import { setKernelFixes } from './kernel-fixes';

/** Plain-JavaScript batched matmul with NumPy broadcasting of the batch dimensions. */
function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], ta: boolean, tb: boolean) {
  const [ar, ac] = aShape.slice(-2);
  const [br, bc] = bShape.slice(-2);
  const m = ta ? ac : ar;
  const k = ta ? ar : ac;
  const n = tb ? br : bc;
  const oa = aShape.slice(0, -2);
  const ob = bShape.slice(0, -2);
  const rank = Math.max(oa.length, ob.length);
  const pa = [...Array(rank - oa.length).fill(1), ...oa];
  const pb = [...Array(rank - ob.length).fill(1), ...ob];
  const outer = pa.map((s, i) => Math.max(s, pb[i]));
  const batch = outer.reduce((p, s) => p * s, 1);
  const out = new Float32Array(batch * m * n);
  for (let bi = 0; bi < batch; bi++) {
    let rest = bi;
    let ia = 0;
    let ib = 0;
    for (let d = 0; d < rank; d++) {
      const inner = outer.slice(d + 1).reduce((p, s) => p * s, 1);
      const c = Math.floor(rest / inner);
      rest -= c * inner;
      ia = ia * pa[d] + (pa[d] === 1 ? 0 : c);
      ib = ib * pb[d] + (pb[d] === 1 ? 0 : c);
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = a[ia * ar * ac + (ta ? p * ac + i : i * ac + p)];
          const bv = b[ib * br * bc + (tb ? j * bc + p : p * bc + j)];
          s += av * bv;
        }
        out[bi * m * n + i * n + j] = s;
      }
    }
  }
  return { out, shape: [...outer, m, n] };
}

beforeAll(async () => {
  expect((await initBackend({ prefer: 'wasm' })).name).toBe('wasm');
});
afterEach(() => setKernelFixes(true));

const rand = mulberry32(7);
const fill = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);

describe('ftheta wasm BatchMatMul', () => {
  const cases: [number[], number[]][] = [
    [[1, 1], [1, 1]],
    [[3, 5], [5, 2]],
    [[4, 8], [8, 8]],
    [[9, 17], [17, 13]],
    [[65, 257], [257, 33]],
    [[5, 300], [300, 70]],
    // fewer than 4 rows: the unpacked row-streaming path
    [[1, 300], [300, 70]],
    [[2, 65], [65, 37]],
    [[4, 1, 33], [4, 33, 5]],
    [[2, 0], [0, 3]],
    [[3, 7, 4], [3, 4, 9]],
    [[1, 7, 4], [3, 4, 9]],
    [[3, 7, 4], [4, 9]],
    [[2, 1, 5, 4], [1, 3, 4, 6]],
    [[2, 3, 6, 8], [8, 6]],
    // around the 4x8 tile and the 64-row / 256-deep blocks of wasm/gemm.c: A read in place with a
    // packed partial last panel (m % 4 != 0, m > 64); B read in place for m <= 64 with a packed
    // partial panel (n % 8 != 0); k % 4 != 0 (4x4 transposing packs) and k > 256 (a second pass
    // that adds into C); N = 65 (the tied-embedding logits); K = 1
    [[67, 129], [129, 65]],
    [[64, 257], [257, 41]],
    [[61, 6], [6, 33]],
    [[130, 258], [258, 17]],
    [[6, 63, 5], [6, 5, 31]],
    [[2, 3, 64, 34], [2, 3, 34, 64]],
    [[96, 1], [1, 65]],
    [[7, 1], [1, 8]],
  ];
  for (const [sa, sb] of cases) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`[${sa}] x [${sb}] transposeA=${ta} transposeB=${tb}`, async () => {
        const aShape = ta ? [...sa.slice(0, -2), sa[sa.length - 1], sa[sa.length - 2]] : sa;
        const bShape = tb ? [...sb.slice(0, -2), sb[sb.length - 1], sb[sb.length - 2]] : sb;
        const a = fill(aShape.reduce((p, s) => p * s, 1));
        const b = fill(bShape.reduce((p, s) => p * s, 1));
        const want = reference(a, aShape, b, bShape, ta, tb);
        const before = tf.memory().numTensors;
        const [ta_, tb_] = [tf.tensor(a, aShape), tf.tensor(b, bShape)];
        const y = tf.matMul(ta_, tb_, ta, tb);
        expect(y.shape).toEqual(want.shape);
        const got = await y.data();
        let worst = 0;
        for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want.out[i]));
        expect(worst).toBeLessThan(1e-4);
        tf.dispose([ta_, tb_, y]);
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  }

  it('gives the same values as the stock kernel and can be switched off and on', async () => {
    const a = tf.tensor(fill(4 * 32 * 16), [4, 32, 16]);
    const b = tf.tensor(fill(4 * 32 * 16), [4, 32, 16]);
    const fixed = await tf.matMul(a, b, false, true).data();
    setKernelFixes(false);
    const stock = await tf.matMul(a, b, false, true).data();
    setKernelFixes(true);
    let worst = 0;
    for (let i = 0; i < fixed.length; i++) worst = Math.max(worst, Math.abs(fixed[i] - stock[i]));
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([a, b]);
  });

  it('rejects mismatched inner dimensions with both shapes in the message', () => {
    const a = tf.zeros([2, 3, 4]);
    const b = tf.zeros([2, 5, 6]);
    expect(() => tf.matMul(a, b)).toThrow(/inner/);
    tf.dispose([a, b]);
  });
});
