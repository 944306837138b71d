/**
 * Test helper (vitest only, not exported): one `it` per conformance case on `backend`, and an
 * `it.skip` naming the reason for each case the backend cannot run.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CASES } from './cases';
import { checkCase } from './check-case';

export function describeConformance(backend: string, where: string): void {
  describe(`conformance on ${backend} (${where})`, () => {
    const supported = CONFORMANCE_CASES.filter((c) => !c.unsupported?.[backend]);
    for (const c of CONFORMANCE_CASES.filter((c) => c.unsupported?.[backend])) {
      it.skip(`${c.name} — ${c.unsupported![backend]}`, () => {});
    }
    it.each(supported.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const result = await checkCase(c, backend);
      expect(result.problems, `${c.name} on ${backend}`).toEqual([]);
      expect(tf.getBackend()).toBe(backend);
    });
  });
}
