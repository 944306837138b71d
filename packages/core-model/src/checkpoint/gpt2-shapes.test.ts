import { describe, expect, it } from 'vitest';
import { checkGpt2Shapes, expectedGpt2Shapes } from './gpt2-shapes';

const config = { vocab_size: 10, n_positions: 6, n_embd: 4, n_layer: 1, n_head: 2 };

describe('expectedGpt2Shapes', () => {
  it('lists HF names and Conv1D shapes', () => {
    const shapes = expectedGpt2Shapes(config);
    expect(Object.fromEntries(shapes)).toEqual({
      'transformer.wte.weight': [10, 4],
      'transformer.wpe.weight': [6, 4],
      'transformer.h.0.ln_1.weight': [4],
      'transformer.h.0.ln_1.bias': [4],
      'transformer.h.0.attn.c_attn.weight': [4, 12],
      'transformer.h.0.attn.c_attn.bias': [12],
      'transformer.h.0.attn.c_proj.weight': [4, 4],
      'transformer.h.0.attn.c_proj.bias': [4],
      'transformer.h.0.ln_2.weight': [4],
      'transformer.h.0.ln_2.bias': [4],
      'transformer.h.0.mlp.c_fc.weight': [4, 16],
      'transformer.h.0.mlp.c_fc.bias': [16],
      'transformer.h.0.mlp.c_proj.weight': [16, 4],
      'transformer.h.0.mlp.c_proj.bias': [4],
      'transformer.ln_f.weight': [4],
      'transformer.ln_f.bias': [4],
    });
    expect(expectedGpt2Shapes({ ...config, n_inner: 6, tie_word_embeddings: false }).get('transformer.h.0.mlp.c_proj.weight')).toEqual([6, 4]);
    expect(expectedGpt2Shapes({ ...config, tie_word_embeddings: false }).get('lm_head.weight')).toEqual([10, 4]);
    expect(expectedGpt2Shapes({ hidden_size: 8, num_hidden_layers: 1, num_attention_heads: 2, vocab_size: 3, n_ctx: 5 }).get('transformer.wpe.weight')).toEqual([5, 8]);
  });
});

describe('checkGpt2Shapes', () => {
  const expected = expectedGpt2Shapes(config);
  const good = () => new Map([...expected].map(([name, shape]) => [name, { shape }]));

  it('accepts the expected tensors, and an extra lm_head of wte shape', () => {
    checkGpt2Shapes(good(), expected);
    checkGpt2Shapes(good().set('lm_head.weight', { shape: [10, 4] }), expected);
  });

  it('names every missing, unexpected and misshapen tensor with expected and actual shapes', () => {
    const tensors = good();
    tensors.delete('transformer.ln_f.bias');
    tensors.set('transformer.h.0.attn.c_attn.weight', { shape: [12, 4] });
    tensors.set('transformer.h.1.ln_1.weight', { shape: [4] });
    expect(() => checkGpt2Shapes(tensors, expected, 'dir/model.safetensors')).toThrow(
      'dir/model.safetensors: does not match config.json: missing 1 tensor(s): "transformer.ln_f.bias"; ' +
        'tensor "transformer.h.0.attn.c_attn.weight" has shape [12, 4], expected [4, 12]; unexpected 1 tensor(s): "transformer.h.1.ln_1.weight"',
    );
  });
});
