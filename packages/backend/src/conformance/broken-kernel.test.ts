/**
 * The suite must catch a wrong kernel. A copy of the cpu backend gets a BatchMatMul that ignores
 * transposeB (a classic bug); the matMul cases that use it must fail, and nothing else.
 */
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureGradients } from '../register-gradients';
import { CONFORMANCE_CASES } from './cases';
import { checkCase } from './check-case';

const BROKEN = 'cpu-broken-matmul';

beforeAll(() => {
  ensureGradients();
  tf.registerBackend(BROKEN, () => new MathBackendCPU());
  for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: BROKEN });
  const good = tf.getKernel(tf.BatchMatMul, 'cpu')!;
  tf.unregisterKernel(tf.BatchMatMul, BROKEN);
  tf.registerKernel({
    kernelName: tf.BatchMatMul,
    backendName: BROKEN,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as tf.BatchMatMulAttrs;
      const { a, b } = args.inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
      if (!attrs.transposeB) return good.kernelFunc(args);
      // Bug: reads b as if it were stored untransposed (reshape instead of transpose).
      const r = b.shape.length;
      const wrongShape = [...b.shape.slice(0, r - 2), b.shape[r - 1], b.shape[r - 2]];
      const backend = args.backend as MathBackendCPU;
      const reshaped = { ...b, shape: wrongShape };
      return good.kernelFunc({ inputs: { a, b: reshaped }, backend, attrs: { ...attrs, transposeB: false } as any });
    },
  });
});

afterAll(async () => {
  await tf.setBackend('cpu');
  tf.removeBackend(BROKEN);
});

it('fails exactly the cases whose forward or backward pass uses matMul with transposeB', async () => {
  const failed: string[] = [];
  const passed: string[] = [];
  for (const c of CONFORMANCE_CASES) {
    const r = await checkCase(c, BROKEN);
    (r.ok ? passed : failed).push(c.name);
  }
  expect(failed.length).toBeGreaterThan(5);
  for (const name of failed) expect(name).toMatch(/matMul|attention/);
  expect(passed).toContain('softmax');
  expect(passed).toContain('cumsum axis 1 exclusive=false reverse=false');
}, 120_000);
