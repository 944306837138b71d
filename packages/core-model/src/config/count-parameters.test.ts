import { describe, expect, it } from 'vitest';
import { countParameters, formatParameterCount } from './count-parameters';
import { parameterShapes } from './parameter-shapes';
import { parseTransformerConfig } from './parse-transformer-config';

const cfg = (json: object) => parseTransformerConfig({ model_type: 'gpt2', ...json });

describe('countParameters / formatParameterCount', () => {
  it('counts GPT-2 small as HF does (124,439,808 -> 124M)', () => {
    const n = countParameters(cfg({}));
    expect(n).toBe(124_439_808);
    expect(formatParameterCount(n)).toBe('124M');
  });

  it('counts the gpt2-tiny fixture and the options', () => {
    const tiny = { vocab_size: 64, n_positions: 32, n_embd: 32, n_layer: 2, n_head: 4 };
    expect(countParameters(cfg(tiny))).toBe(28_544); // 116,776-byte safetensors = 28,544 float32 + header
    expect(formatParameterCount(countParameters(cfg(tiny)))).toBe('28.5K');
    // untied head adds V*C; rope drops wpe; no bias drops 2 LN biases + 4 linear biases per block (+ ln_f)
    expect(countParameters(cfg({ ...tiny, tie_word_embeddings: false }))).toBe(28_544 + 64 * 32);
    expect(countParameters(cfg({ ...tiny, position_embedding_type: 'rope' }))).toBe(28_544 - 32 * 32);
    const biases = 2 * (32 + 32 + 96 + 32 + 128 + 32) + 32;
    expect(countParameters(cfg({ ...tiny, use_bias: false }))).toBe(28_544 - biases);
    const rms = cfg({ ...tiny, norm_type: 'rmsnorm' });
    expect(countParameters(rms)).toBe(28_544 - 5 * 32);
    // what gpt_ref.py init printed for test/fixtures/gpt2-perturbed
    expect(countParameters(cfg({ vocab_size: 48, n_positions: 16, n_embd: 24, n_layer: 3, n_head: 3, n_inner: 40 }))).toBe(15_024);
    const names = parameterShapes(cfg({ ...tiny, mlp_type: 'swiglu', n_inner: 64 })).map((p) => p.name);
    expect(names).toContain('transformer.h.1.mlp.c_gate.weight');
  });

  it('formats labels with three significant digits', () => {
    expect(formatParameterCount(28_500)).toBe('28.5K');
    expect(formatParameterCount(7_000_000_000)).toBe('7B');
    expect(formatParameterCount(6_738_415_616)).toBe('6.74B');
    expect(formatParameterCount(124_000_000)).toBe('124M');
    expect(formatParameterCount(999_999)).toBe('1M');
    expect(formatParameterCount(1_500_000_000_000)).toBe('1.5T');
    expect(formatParameterCount(950)).toBe('950');
    expect(formatParameterCount(0)).toBe('0');
    expect(() => formatParameterCount(-1)).toThrow('expected a count >= 0, got -1');
  });
});
