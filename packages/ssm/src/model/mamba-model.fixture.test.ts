/**
 * Logits equal the PyTorch reference's (../shared/refs/mamba_ref.py) within 1e-4 on cpu and wasm,
 * greedy continuations are the same (by hand with the recurrent state, and through core-model's
 * generate()), and recurrent decoding equals the full forward pass at every step.
 */
import { initBackend } from '@ftheta/backend';
import { generate } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExpectedLogits, ids2d, loadFixtureModel, maxAbsDiff, readJson } from '../../test/helpers';
import type { MambaModel } from './mamba-model';
import type { MambaState } from './mamba-state';

const TOL = 1e-4;
const FIXTURES = ['mamba-tiny', 'mamba-untied'];

/** Greedy decoding with the recurrent state (ties -> lowest id, like the reference), one token per step. */
function greedy(model: MambaModel, prompt: number[], n: number): number[] {
  const out: number[] = [];
  let state: MambaState | undefined;
  let input = prompt;
  for (let i = 0; i < n; i++) {
    const ids = ids2d(input);
    const { logits, state: next } = model.forward(ids, state);
    state?.dispose();
    state = next;
    const last = tf.tidy(() => tf.argMax(tf.reshape(tf.slice(logits, [0, logits.shape[1] - 1, 0], [1, 1, -1]), [-1])));
    const tok = last.dataSync()[0];
    tf.dispose([ids, logits, last]);
    out.push(tok);
    input = [tok];
  }
  state?.dispose();
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`MambaModel vs the PyTorch reference on ${backend}`, () => {
    let before = 0;
    beforeEach(async () => {
      await initBackend({ prefer: backend });
      before = tf.memory().numTensors;
    });
    afterEach(() => expect(tf.memory().numTensors).toBe(before));

    for (const name of FIXTURES) {
      it(`${name}: logits within ${TOL}, greedy equal (by hand and via generate())`, async () => {
        const model = loadFixtureModel(name);
        const expected = readJson<ExpectedLogits>(name, 'expected_logits.json');
        const ids = ids2d(expected.tokens);
        for (const mode of ['chunked', 'sequential'] as const) {
          const { logits, state } = model.forward(ids, undefined, { scan: { mode, chunkSize: 5 } });
          expect(logits.shape).toEqual([1, ...expected.shape]);
          const diff = maxAbsDiff(logits, expected.logits);
          console.log(`[${backend}] ${name} (${mode} scan): max |Δ logits| = ${diff.toExponential(2)}`);
          expect(diff).toBeLessThan(TOL);
          expect(state.length).toBe(expected.tokens.length);
          tf.dispose([logits]);
          state.dispose();
        }
        ids.dispose();
        const g = readJson<{ tokens: number[]; generated: number[] }>(name, 'expected_greedy.json');
        expect(greedy(model, g.tokens, g.generated.length)).toEqual(g.generated);
        const [res] = await generate(model, null, g.tokens, { maxNewTokens: g.generated.length, temperature: 0, eosTokenId: [] });
        expect(res.ids).toEqual(g.generated);
        model.dispose();
      });
    }

    it('recurrent decoding equals the full forward within 1e-4 at every step; prefill after a state too', () => {
      const model = loadFixtureModel('mamba-untied');
      const tokens = [1, 5, 47, 0, 33, 12, 8, 19, 2, 40, 7, 7, 30, 31, 3, 9, 22, 41, 11, 6];
      const fullIds = ids2d(tokens);
      const full = model.forward(fullIds, undefined, { scan: { chunkSize: 4 } });
      // prefill 3 tokens, one token per step up to 10, a 6-token chunk (chunked scan after a state), then steps again
      const prefill = ids2d(tokens.slice(0, 3));
      let { logits, state } = model.forward(prefill);
      const head = tf.slice(full.logits, [0, 0, 0], [1, 3, -1]);
      let worst = maxAbsDiff(logits, head);
      tf.dispose([prefill, logits, head]);
      for (let t = 3; t < tokens.length; ) {
        const n = t === 10 ? 6 : 1;
        const step = ids2d(tokens.slice(t, t + n));
        const out = model.forward(step, state, { scan: { chunkSize: 4 } });
        const want = tf.slice(full.logits, [0, t, 0], [1, n, -1]);
        const d = maxAbsDiff(out.logits, want);
        worst = Math.max(worst, d);
        expect(d).toBeLessThan(TOL);
        expect(state.isDisposed).toBe(false); // the old state is left intact ...
        expect(out.state.length).toBe(t + n);
        tf.dispose([step, out.logits, want]);
        state.dispose();
        state = out.state;
        t += n;
      }
      console.log(`[${backend}] recurrent vs full forward: max |Δ| = ${worst.toExponential(2)} over ${tokens.length} tokens`);
      // ... and not mutated: continuing the same state twice gives the same logits.
      const again = ids2d([4]);
      const a = model.forward(again, state);
      const b = model.forward(again, state);
      expect(maxAbsDiff(a.logits, b.logits)).toBe(0);
      tf.dispose([again, a.logits, b.logits]);
      a.state.dispose();
      b.state.dispose();
      tf.dispose([fullIds, full.logits]);
      full.state.dispose();
      state.dispose();
      model.dispose();
    });
  });
}
