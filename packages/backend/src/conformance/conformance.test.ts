import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { CONFORMANCE_CASES } from './cases';
import { checkCase } from './check-case';

beforeAll(async () => {
  const info = await initBackend({ prefer: 'wasm' });
  expect(info.name).toBe('wasm');
});

describe.each(['cpu', 'wasm'])('conformance on %s (Node)', (backend) => {
  const supported = CONFORMANCE_CASES.filter((c) => !c.unsupported?.[backend]);
  const unsupported = CONFORMANCE_CASES.filter((c) => c.unsupported?.[backend]);
  for (const c of unsupported) it.skip(`${c.name} — ${c.unsupported![backend]}`, () => {});
  it.each(supported.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const result = await checkCase(c, backend);
    expect(result.problems, `${c.name} on ${backend}`).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

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
