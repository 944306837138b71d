/**
 * The "must show" of issue #4: logits equal the PyTorch reference's (../shared/refs/gpt_ref.py) within
 * 1e-4 on cpu and wasm, the greedy continuation is the same, and KV-cache decoding equals the full
 * forward pass at every step.
 */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type ExpectedLogits, ids2d, loadFixtureModel, maxAbsDiff, readJson } from '../../test/fixtures';
import type { KvCache } from './kv-cache';
import type { Transformer } from './transformer';

const TOL = 1e-4;

/** Greedy decoding with the KV cache (ties -> lowest id, like the reference), one token per step. */
function greedy(model: Transformer, prompt: number[], n: number): number[] {
  const out: number[] = [];
  let cache: KvCache | undefined;
  let input = prompt;
  for (let i = 0; i < n; i++) {
    const ids = ids2d(input);
    const { logits, state } = model.forward(ids, cache, { onContextOverflow: 'slide' });
    cache?.dispose();
    cache = state;
    const last = tf.tidy(() => tf.argMax(tf.reshape(tf.slice(logits, [0, logits.shape[1] - 1, 0], [1, 1, -1]), [-1])));
    const next = last.dataSync()[0];
    tf.dispose([ids, logits, last]);
    out.push(next);
    input = [next];
  }
  cache?.dispose();
  return out;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`Transformer vs the PyTorch reference on ${backend}`, () => {
    for (const name of ['gpt2-tiny', 'gpt2-perturbed', 'gpt2-gelu-erf', 'gpt2-untied']) {
      it(`${name}: logits within ${TOL}, greedy equal, no leaks`, async () => {
        await initBackend({ prefer: backend });
        const before = tf.memory().numTensors;
        const model = loadFixtureModel(name);
        const expected = readJson<ExpectedLogits>(name, 'expected_logits.json');
        const ids = ids2d(expected.tokens);
        const { logits, state } = model.forward(ids);
        expect(logits.shape).toEqual([1, ...expected.shape]);
        const diff = maxAbsDiff(logits, expected.logits);
        console.log(`[${backend}] ${name}: max |Δ logits| = ${diff.toExponential(2)}`);
        expect(diff).toBeLessThan(TOL);
        tf.dispose([ids, logits]);
        state.dispose();
        if (name === 'gpt2-tiny' || name === 'gpt2-perturbed') {
          const g = readJson<{ tokens: number[]; generated: number[] }>(name, 'expected_greedy.json');
          expect(greedy(model, g.tokens, g.generated.length)).toEqual(g.generated);
        }
        model.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it('KV-cache decoding equals the full forward pass within 1e-4 at every step', async () => {
      await initBackend({ prefer: backend });
      const before = tf.memory().numTensors;
      const model = loadFixtureModel('gpt2-perturbed');
      const tokens = [1, 5, 47, 0, 33, 12, 8, 19, 2, 40, 7, 7, 30, 31, 3, 9];
      const fullIds = ids2d(tokens);
      const full = model.forward(fullIds);
      // prefill 3 tokens, then one token per step, then a 2-token chunk
      const prefill = ids2d(tokens.slice(0, 3));
      let { logits, state } = model.forward(prefill);
      const head = tf.slice(full.logits, [0, 0, 0], [1, 3, -1]);
      let worst = maxAbsDiff(logits, head);
      tf.dispose([prefill, logits, head]);
      for (let t = 3; t < tokens.length; ) {
        const n = t === 10 ? 2 : 1;
        const step = ids2d(tokens.slice(t, t + n));
        const out = model.forward(step, state);
        const want = tf.slice(full.logits, [0, t, 0], [1, n, -1]);
        worst = Math.max(worst, maxAbsDiff(out.logits, want));
        expect(state.isDisposed).toBe(false); // the old cache is left intact
        expect(out.state.length).toBe(t + n);
        tf.dispose([step, out.logits, want]);
        state.dispose();
        state = out.state;
        t += n;
      }
      console.log(`[${backend}] KV cache vs full forward: max |Δ| = ${worst.toExponential(2)} over ${tokens.length} steps`);
      expect(worst).toBeLessThan(TOL);
      tf.dispose([fullIds, full.logits]);
      full.state.dispose();
      state.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
