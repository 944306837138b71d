/** The options the PyTorch reference does not cover, checked by properties: KV cache, encoder, overflow. */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ids2d, maxAbsDiff } from '../../test/fixtures';
import { parseTransformerConfig } from '../config';
import { ParamStore } from '../contract';
import { initTransformer } from './init-transformer';
import { Transformer } from './transformer';

const base = { model_type: 'gpt2', vocab_size: 50, n_positions: 12, n_embd: 16, n_layer: 2, n_head: 2 };
const OPTIONS: Record<string, object> = {
  gpt2: {},
  'no bias': { use_bias: false },
  rmsnorm: { norm_type: 'rmsnorm' },
  rope: { position_embedding_type: 'rope', rope_theta: 500 },
  swiglu: { mlp_type: 'swiglu' },
  'untied head': { tie_word_embeddings: false },
  'all modern': { use_bias: false, norm_type: 'rmsnorm', position_embedding_type: 'rope', mlp_type: 'swiglu' },
};
const TOKENS = [3, 41, 7, 7, 19, 0, 49, 22, 5, 13];

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

describe('Transformer options', () => {
  for (const [label, extra] of Object.entries(OPTIONS)) {
    it(`${label}: KV-cache decoding equals the full forward pass, no leaks`, () => {
      const before = tf.memory().numTensors;
      const model = initTransformer(parseTransformerConfig({ ...base, ...extra }), { seed: 3 });
      const all = ids2d(TOKENS);
      const full = model.forward(all);
      expect(full.logits.shape).toEqual([1, TOKENS.length, 50]);
      let state = undefined as undefined | typeof full.state;
      let worst = 0;
      for (let t = 0; t < TOKENS.length; t++) {
        const ids = ids2d([TOKENS[t]]);
        const out = model.forward(ids, state);
        const want = tf.slice(full.logits, [0, t, 0], [1, 1, -1]);
        worst = Math.max(worst, maxAbsDiff(out.logits, want));
        tf.dispose([ids, out.logits, want]);
        state?.dispose();
        state = out.state;
      }
      expect(worst).toBeLessThan(1e-5);
      tf.dispose([all, full.logits]);
      full.state.dispose();
      state?.dispose();
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('encoder mode: a later token changes earlier outputs; causal mode: it does not', () => {
    const run = (is_causal: boolean) => {
      const model = initTransformer(parseTransformerConfig({ ...base, is_causal }), { seed: 1 });
      const a = ids2d(TOKENS);
      const b = ids2d([...TOKENS.slice(0, -1), 1]);
      const la = model.forward(a);
      const lb = model.forward(b);
      const earlier = (l: tf.Tensor3D) => tf.slice(l, [0, 0, 0], [1, TOKENS.length - 1, -1]);
      const [ea, eb] = [earlier(la.logits), earlier(lb.logits)];
      const diff = maxAbsDiff(ea, eb);
      tf.dispose([a, b, la.logits, lb.logits, ea, eb]);
      la.state.dispose();
      lb.state.dispose();
      model.dispose();
      return diff;
    };
    expect(run(true)).toBe(0);
    expect(run(false)).toBeGreaterThan(1e-4);
  });

  it('embed() gives one vector per sequence (mean, first, last) and encoders refuse a cache', () => {
    const before = tf.memory().numTensors;
    const model = initTransformer(parseTransformerConfig({ ...base, is_causal: false }), { seed: 1 });
    const ids = tf.tensor2d([TOKENS.slice(0, 5), TOKENS.slice(5)], [2, 5], 'int32');
    const mean = model.embed(ids);
    expect(mean.shape).toEqual([2, 16]);
    const first = model.embed(ids, 'first');
    const last = model.embed(ids, 'last');
    expect(maxAbsDiff(first, last)).toBeGreaterThan(0);
    // a sequence's embedding does not depend on the other sequences of the batch
    const alone = ids2d(TOKENS.slice(5));
    const one = model.embed(alone);
    const row = tf.slice(mean, [1, 0], [1, -1]);
    expect(maxAbsDiff(one, row)).toBeLessThan(1e-6);
    expect(() => model.embed(ids, 'max' as never)).toThrow('pooling "max" must be mean, first or last');
    const { logits, state } = model.forward(ids);
    expect(() => model.forward(ids, state)).toThrow('encoder mode (is_causal false) has no KV cache');
    tf.dispose([ids, mean, first, last, alone, one, row, logits]);
    state.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("context overflow: 'error' names the limit; 'slide' equals a full forward over the last n_positions tokens", () => {
    const before = tf.memory().numTensors;
    const cfg = parseTransformerConfig({ ...base, n_positions: 6 });
    const model = initTransformer(cfg, { seed: 2 });
    const first = ids2d(TOKENS.slice(0, 6));
    const { logits, state } = model.forward(first);
    const next = ids2d([TOKENS[6]]);
    expect(() => model.forward(next, state)).toThrow(
      "Transformer.forward: 6 cached + 1 new tokens exceed the context of n_positions 6 (pass onContextOverflow: 'slide'",
    );
    const tooLong = ids2d(TOKENS.slice(0, 7));
    expect(() => model.forward(tooLong)).toThrow('0 cached + 7 new tokens exceed');
    const slid = model.forward(next, state, { onContextOverflow: 'slide' });
    expect(slid.state.length).toBe(6);
    const window = ids2d(TOKENS.slice(1, 7));
    const ref = model.forward(window);
    const refLast = tf.slice(ref.logits, [0, 5, 0], [1, 1, -1]);
    expect(maxAbsDiff(slid.logits, refLast)).toBeLessThan(1e-6);
    // the sliding model option works as the default, and the slid cache continues exactly
    const sliding = new Transformer(cfg, model.params, { onContextOverflow: 'slide' });
    const after = ids2d([TOKENS[7]]);
    const cont = sliding.forward(after, slid.state);
    const window2 = ids2d(TOKENS.slice(2, 8));
    const ref2 = model.forward(window2);
    const ref2Last = tf.slice(ref2.logits, [0, 5, 0], [1, 1, -1]);
    expect(maxAbsDiff(cont.logits, ref2Last)).toBeLessThan(1e-6);
    expect(() => new Transformer(cfg, model.params, { onContextOverflow: 'wrap' as never })).toThrow(
      `onContextOverflow "wrap" must be 'error' or 'slide'`,
    );
    tf.dispose([first, logits, next, tooLong, slid.logits, window, ref.logits, refLast, after, cont.logits, window2, ref2.logits, ref2Last]);
    for (const s of [state, slid.state, ref.state, cont.state, ref2.state]) s.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('checks ids, caches and parameters with errors that name them', () => {
    const cfg = parseTransformerConfig(base);
    const model = initTransformer(cfg, { seed: 0 });
    const f = tf.tensor2d([[1, 2]]);
    expect(() => model.forward(f)).toThrow('ids must be int32, got float32');
    const a = ids2d([1, 2]);
    const { logits, state } = model.forward(a);
    const two = tf.tensor2d([[1], [2]], [2, 1], 'int32');
    expect(() => model.forward(two, state)).toThrow('ids batch 2 differs from the cache\'s 1');
    state.dispose();
    expect(() => model.forward(a, state)).toThrow('the KV cache was disposed');
    tf.dispose([f, a, logits, two]);
    model.dispose();
    const store = new ParamStore([['transformer.wte.weight', tf.zeros([50, 16])]]);
    expect(() => new Transformer(cfg, store)).toThrow('parameter "transformer.wpe.weight" [12,16] is missing');
    store.dispose();
  });
});

describe('initTransformer', () => {
  it("is deterministic for a seed and uses GPT-2's scales", () => {
    const cfg = parseTransformerConfig({ ...base, n_layer: 8, n_embd: 64, n_head: 4 });
    const [a, b, c] = [initTransformer(cfg, { seed: 7 }), initTransformer(cfg, { seed: 7 }), initTransformer(cfg, { seed: 8 })];
    const name = 'transformer.h.3.attn.c_attn.weight';
    expect(maxAbsDiff(a.params.get(name), b.params.get(name))).toBe(0);
    expect(maxAbsDiff(a.params.get(name), c.params.get(name))).toBeGreaterThan(0);
    const std = (n: string) => tf.tidy(() => Math.sqrt(tf.moments(a.params.get(n)).variance.dataSync()[0]));
    const near = (x: number, want: number) => expect(Math.abs(x / want - 1)).toBeLessThan(0.05);
    near(std('transformer.wte.weight'), 0.02);
    near(std(name), 0.02);
    near(std('transformer.h.3.mlp.c_proj.weight'), 0.02 / 4); // 0.02/sqrt(2*8)
    expect(Array.from(a.params.get('transformer.h.0.ln_1.weight').dataSync()).every((x) => x === 1)).toBe(true);
    expect(Array.from(a.params.get('transformer.h.0.attn.c_attn.bias').dataSync()).every((x) => x === 0)).toBe(true);
    for (const m of [a, b, c]) m.dispose();
  });
});
