import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { applyRope, ropeTables } from './rope';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('keeps norms, leaves position 0 unchanged, and makes q·k depend only on the offset', () => {
  const before = tf.memory().numTensors;
  const hd = 8;
  tf.tidy(() => {
    const q = tf.randomNormal([1, 1, 1, hd], 0, 1, 'float32', 1) as tf.Tensor4D;
    const k = tf.randomNormal([1, 1, 1, hd], 0, 1, 'float32', 2) as tf.Tensor4D;
    const at = (x: tf.Tensor4D, p: number) => {
      const { cos, sin } = ropeTables(p, 1, hd, 100);
      return applyRope(x, cos, sin);
    };
    const norm = (x: tf.Tensor) => tf.norm(x).dataSync()[0];
    expect(norm(at(q, 5))).toBeCloseTo(norm(q), 5);
    expect(Array.from(at(q, 0).dataSync())).toEqual(Array.from(q.dataSync()));
    const dot = (p: number, r: number) => tf.sum(tf.mul(at(q, p), at(k, r))).dataSync()[0];
    expect(dot(7, 3)).toBeCloseTo(dot(14, 10), 5);
    expect(dot(7, 3)).not.toBeCloseTo(dot(7, 4), 3);
  });
  expect(() => ropeTables(0, 1, 7, 10000)).toThrow('head size must be even, got 7');
  expect(tf.memory().numTensors).toBe(before);
});
