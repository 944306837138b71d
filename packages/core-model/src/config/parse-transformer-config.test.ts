import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTransformerConfig } from './parse-transformer-config';
import { innerSize, TRANSFORMER_DEFAULTS } from './transformer-config';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/${name}/config.json`, import.meta.url), 'utf8'));

describe('parseTransformerConfig', () => {
  it('reads the gpt2-tiny config.json and fills the modern options with GPT-2 behaviour', () => {
    const c = parseTransformerConfig(fixture('gpt2-tiny'));
    expect(c).toMatchObject({ vocab_size: 64, n_positions: 32, n_embd: 32, n_layer: 2, n_head: 4, n_inner: null });
    expect(c).toMatchObject({ use_bias: true, norm_type: 'layernorm', position_embedding_type: 'absolute', mlp_type: 'gelu', is_causal: true });
    expect(c.architectures).toEqual(['GPT2LMHeadModel']); // unknown keys are kept
    expect(innerSize(c)).toBe(128);
  });

  it('defaults to GPT-2 small and accepts the HF aliases (n_positions wins over n_ctx)', () => {
    expect(parseTransformerConfig({ model_type: 'gpt2' })).toEqual(TRANSFORMER_DEFAULTS);
    const c = parseTransformerConfig({
      model_type: 'gpt2', hidden_size: 64, num_hidden_layers: 3, num_attention_heads: 8,
      max_position_embeddings: 128,
    });
    expect([c.n_embd, c.n_layer, c.n_head, c.n_positions]).toEqual([64, 3, 8, 128]);
    expect(parseTransformerConfig({ model_type: 'gpt2', n_ctx: 10, n_positions: 20 }).n_positions).toBe(20);
    expect(parseTransformerConfig({ model_type: 'gpt2', n_ctx: 10 }).n_positions).toBe(10);
  });

  it('raises errors that name the source, field and value', () => {
    const bad = (json: object) => () => parseTransformerConfig({ model_type: 'gpt2', ...json });
    expect(bad({ n_embd: 30, n_head: 4 })).toThrow('config.json: n_embd (30) must be divisible by n_head (4)');
    expect(bad({ n_layer: 0 })).toThrow('config.json: n_layer (0) must be a positive integer');
    expect(bad({ vocab_size: 2.5 })).toThrow('vocab_size (2.5) must be a positive integer');
    expect(bad({ n_inner: -1 })).toThrow('n_inner (-1) must be a positive integer or null');
    expect(bad({ layer_norm_epsilon: 0 })).toThrow('layer_norm_epsilon (0) must be a positive number');
    expect(bad({ activation_function: 'relu' })).toThrow('activation_function ("relu") must be one of gelu_new, gelu_pytorch_tanh, gelu');
    expect(bad({ norm_type: 'batchnorm' })).toThrow('norm_type ("batchnorm") must be one of layernorm, rmsnorm');
    expect(bad({ use_bias: 'yes' })).toThrow('use_bias ("yes") must be true or false');
    expect(bad({ scale_attn_by_inverse_layer_idx: true })).toThrow('scale_attn_by_inverse_layer_idx (true) is not supported');
    expect(bad({ position_embedding_type: 'rope', n_embd: 12, n_head: 4 })).toThrow('head size 3');
    expect(() => parseTransformerConfig({ model_type: 'llama' }, 'm/config.json')).toThrow('m/config.json: model_type ("llama") must be "gpt2"');
    expect(() => parseTransformerConfig([], 'x.json')).toThrow('x.json: expected a JSON object, got an array');
  });

  it('sizes the SwiGLU MLP at 8/3 n_embd rounded up to a multiple of 8', () => {
    expect(innerSize(parseTransformerConfig({ model_type: 'gpt2', n_embd: 96, n_head: 4, mlp_type: 'swiglu' }))).toBe(256);
    expect(innerSize(parseTransformerConfig({ model_type: 'gpt2', n_embd: 100, n_head: 4, mlp_type: 'swiglu' }))).toBe(272);
  });
});
