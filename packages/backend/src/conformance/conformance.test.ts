import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { CONFORMANCE_CASES } from './cases';
import { checkCase } from './check-case';
import { describeConformance } from './describe-conformance';

beforeAll(async () => {
  const info = await initBackend({ prefer: 'wasm' });
  expect(info.name).toBe('wasm');
});

for (const backend of ['cpu', 'wasm']) describeConformance(backend, 'Node');

describe('conformance checks the gradient through finite differences', () => {
  it('has finite differences for most cases (a suite that never checks them proves nothing)', async () => {
    let checked = 0;
    for (const c of CONFORMANCE_CASES.slice(0, 12)) {
      const r = await checkCase(c, 'wasm');
      if (r.finiteDifferenceError !== null) checked++;
    }
    expect(checked).toBeGreaterThan(8);
    expect(tf.getBackend()).toBe('wasm');
  });
});
