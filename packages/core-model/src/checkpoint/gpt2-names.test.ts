import { describe, expect, it } from 'vitest';
import { canonicalGpt2Name, canonicalGpt2Tensors } from './gpt2-names';

const t = (...values: number[]) => ({ shape: [values.length], data: new Float32Array(values) });

describe('GPT-2 names', () => {
  it('prefixes original gpt2 names, keeps HF names, drops the mask buffers', () => {
    expect(canonicalGpt2Name('wte.weight')).toBe('transformer.wte.weight');
    expect(canonicalGpt2Name('h.3.mlp.c_fc.bias')).toBe('transformer.h.3.mlp.c_fc.bias');
    expect(canonicalGpt2Name('transformer.ln_f.weight')).toBe('transformer.ln_f.weight');
    expect(canonicalGpt2Name('lm_head.weight')).toBe('lm_head.weight');
    for (const buffer of ['h.0.attn.bias', 'h.11.attn.masked_bias', 'transformer.h.2.attn.bias', 'transformer.h.2.attn.masked_bias']) {
      expect(canonicalGpt2Name(buffer)).toBeNull();
    }
    expect(canonicalGpt2Name('transformer.h.0.attn.c_attn.bias')).toBe('transformer.h.0.attn.c_attn.bias');
  });

  it('drops an lm_head.weight equal to wte when tied, keeps it when it differs or when untied', () => {
    const tied = canonicalGpt2Tensors(new Map([['wte.weight', t(1, 2)], ['lm_head.weight', t(1, 2)], ['h.0.attn.bias', t(1)]]));
    expect([...tied.keys()]).toEqual(['transformer.wte.weight']);
    const differs = canonicalGpt2Tensors(new Map([['wte.weight', t(1, 2)], ['lm_head.weight', t(1, 3)]]));
    expect([...differs.keys()]).toEqual(['transformer.wte.weight', 'lm_head.weight']);
    const untied = canonicalGpt2Tensors(new Map([['transformer.wte.weight', t(1, 2)], ['lm_head.weight', t(1, 2)]]), false);
    expect([...untied.keys()]).toEqual(['transformer.wte.weight', 'lm_head.weight']);
  });

  it('refuses a name given twice and an untied config without lm_head.weight', () => {
    expect(() => canonicalGpt2Tensors(new Map([['wte.weight', t(1)], ['transformer.wte.weight', t(1)]]), true, 'm.safetensors')).toThrow(
      'm.safetensors: tensor "transformer.wte.weight" is given twice (as "wte.weight" and as "transformer.wte.weight")',
    );
    expect(() => canonicalGpt2Tensors(new Map([['wte.weight', t(1)]]), false)).toThrow('tie_word_embeddings: false, but there is no "lm_head.weight"');
  });
});
