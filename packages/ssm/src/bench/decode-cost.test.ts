/** decodeCost: figures for every context, a fixed Mamba state against a growing KV cache, no leaks, clean abandonment. */
import { initBackend } from '@ftheta/backend';
import { initTransformer, parseTransformerConfig } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMambaConfig } from '../config';
import { initMamba } from '../model';
import { type DecodeCostEvent, decodeCostSteps, measureDecodeCost, measureDecodeCostAsync } from './decode-cost';

const OPTIONS = { contexts: [8, 32], prefillChunk: 16, steps: 3, vocab: 32, seed: 1 };
const mamba = () => initMamba(parseMambaConfig({ hidden_size: 16, num_hidden_layers: 2, vocab_size: 32, state_size: 4 }), { seed: 1 });
const transformer = () =>
  initTransformer(parseTransformerConfig({ model_type: 'gpt2', vocab_size: 32, n_positions: 64, n_embd: 16, n_layer: 2, n_head: 2, position_embedding_type: 'rope' }), { seed: 1 });

describe('decodeCost', () => {
  let before = 0;
  beforeEach(async () => {
    await initBackend({ prefer: 'wasm' });
    before = tf.memory().numTensors;
  });
  afterEach(() => expect(tf.memory().numTensors).toBe(before));

  it("measures every context: Mamba's state keeps its size, the KV cache grows with the context", () => {
    const m = mamba();
    const t = transformer();
    try {
      const events: DecodeCostEvent[] = [];
      const ms = measureDecodeCost(m, OPTIONS, (e) => events.push(e));
      const ts = measureDecodeCost(t, OPTIONS);
      expect(ms.map((p) => p.context)).toEqual([8, 32]);
      for (const p of [...ms, ...ts]) expect(p.msPerToken).toBeGreaterThan(0);
      // 2 layers × (conv [1, 3, 32] + ssm [1, 32, 4]) float32
      expect(ms.map((p) => p.stateBytes)).toEqual([2 * (3 * 32 + 32 * 4) * 4, 2 * (3 * 32 + 32 * 4) * 4]);
      // 2 layers × (K + V) [1, 2, T, 8] float32 + the ids [1, T] int32
      expect(ts.map((p) => p.stateBytes)).toEqual([8, 32].map((T) => 2 * 2 * 16 * T * 4 + 4 * T));
      // prefill: one chunk to 8, two to 32 (8 + 16, then 8); 5 rounds (2 warm-up + 3 timed) of a
      // step per context, the timed ones reporting medians so far; a point per context at the end
      expect(events.filter((e) => e.kind === 'prefill').map((e) => (e as { length: number }).length)).toEqual([8, 24, 32]);
      expect(events.filter((e) => e.kind === 'step').map((e) => (e as { context: number }).context)).toEqual([8, 32, 8, 32, 8, 32, 8, 32, 8, 32]);
      expect(events.filter((e) => e.kind === 'round').map((e) => (e as { round: number }).round)).toEqual([3, 4, 5]);
      expect(events.filter((e) => e.kind === 'point').map((e) => (e as { point: unknown }).point)).toEqual(ms);
    } finally {
      m.dispose();
      t.dispose();
    }
  });

  it('disposes the state when abandoned or aborted', async () => {
    const m = mamba();
    try {
      const run = decodeCostSteps(m, OPTIONS);
      run.next();
      run.next();
      expect(tf.memory().numTensors).toBeGreaterThan(before + m.params.size);
      run.return([]);
      const controller = new AbortController();
      let events = 0;
      const pending = measureDecodeCostAsync(m, OPTIONS, {
        pause: async () => {
          if (++events === 3) controller.abort(new Error('stopped'));
        },
        signal: controller.signal,
      });
      await expect(pending).rejects.toThrow('stopped');
      const done = await measureDecodeCostAsync(m, OPTIONS, { pause: () => Promise.resolve() });
      expect(done).toHaveLength(2);
    } finally {
      m.dispose();
    }
  });

  it('rejects options that cannot be measured', () => {
    const m = mamba();
    try {
      expect(() => measureDecodeCost(m, { ...OPTIONS, contexts: [32, 8] })).toThrow('ascend');
      expect(() => measureDecodeCost(m, { ...OPTIONS, steps: 0 })).toThrow('steps');
      expect(() => measureDecodeCost(m, { ...OPTIONS, contexts: [] })).toThrow('empty');
    } finally {
      m.dispose();
    }
  });
});
