import { describe, expect, it } from 'vitest';
import { countMambaParameters, mambaParameterShapes } from './parameter-shapes';
import { parseMambaConfig } from './parse-mamba-config';

describe('parseMambaConfig', () => {
  it('reads HF MambaForCausalLM keys and fills the defaults', () => {
    const c = parseMambaConfig({ model_type: 'mamba', hidden_size: 768, num_hidden_layers: 24, vocab_size: 50280, residual_in_fp32: true });
    expect(c).toMatchObject({
      hidden_size: 768,
      num_hidden_layers: 24,
      state_size: 16,
      conv_kernel: 4,
      expand: 2,
      intermediate_size: 1536,
      time_step_rank: 48,
      layer_norm_epsilon: 1e-5,
      use_conv_bias: true,
      use_bias: false,
      tie_word_embeddings: true,
      time_step_min: 0.001,
      time_step_max: 0.1,
      time_step_floor: 1e-4,
      time_step_init_scheme: 'random',
      residual_in_fp32: true,
    });
    // mamba-130m: 129,135,360 parameters (HF num_parameters(), tied head)
    expect(countMambaParameters(c)).toBe(129_135_360);
  });

  it('reads the original state-spaces names, ssm_cfg and pad_vocab_size_multiple (as mamba_ref.py normalize_config)', () => {
    const c = parseMambaConfig({ d_model: 32, n_layer: 2, vocab_size: 50277, pad_vocab_size_multiple: 8, ssm_cfg: { d_state: 8, d_conv: 3, expand: 3 }, dt_rank: 4 });
    expect(c).toMatchObject({ model_type: 'mamba', hidden_size: 32, num_hidden_layers: 2, state_size: 8, conv_kernel: 3, intermediate_size: 96, time_step_rank: 4, vocab_size: 50280 });
    expect(parseMambaConfig({ d_model: 33, n_layer: 1, vocab_size: 5, dt_rank: 'auto' }).time_step_rank).toBe(3);
    expect(parseMambaConfig({ hidden_size: 8, num_hidden_layers: 1, vocab_size: 5, intermediate_size: 12 }).intermediate_size).toBe(12);
  });

  it('errors name the file, the key and the value', () => {
    const base = { hidden_size: 16, num_hidden_layers: 2, vocab_size: 10 };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ num_hidden_layers: 2, vocab_size: 10 }, /cfg\.json: hidden_size is missing/],
      [{ ...base, model_type: 'gpt2' }, /cfg\.json: model_type \("gpt2"\) must be "mamba"/],
      [{ ...base, state_size: 0 }, /state_size \(0\) must be a positive integer/],
      [{ ...base, d_conv: 2.5 }, /conv_kernel \(2\.5\) must be a positive integer/],
      [{ ...base, time_step_rank: 'big' }, /time_step_rank \("big"\) must be a positive integer/],
      [{ ...base, hidden_act: 'gelu' }, /hidden_act \("gelu"\) is not supported/],
      [{ ...base, use_bias: 'no' }, /use_bias \("no"\) must be true or false/],
      [{ ...base, layer_norm_epsilon: -1 }, /layer_norm_epsilon \(-1\) must be a positive number/],
      [{ ...base, time_step_min: 0.5, time_step_max: 0.1 }, /time_step_min \(0\.5\) must be <= time_step_max/],
      [{ ...base, time_step_init_scheme: 'xavier' }, /time_step_init_scheme \("xavier"\)/],
      [{ ...base, ssm_cfg: { layer: 'Mamba2' } }, /ssm_cfg\.layer \("Mamba2"\) is not supported/],
    ];
    for (const [raw, re] of bad) expect(() => parseMambaConfig(raw, 'cfg.json')).toThrow(re);
    expect(() => parseMambaConfig([1], 'cfg.json')).toThrow(/cfg\.json: expected a JSON object, got an array/);
  });

  it('parameter shapes use HF names and torch layouts', () => {
    const c = parseMambaConfig({ hidden_size: 8, num_hidden_layers: 1, vocab_size: 5, state_size: 3, use_bias: true, tie_word_embeddings: false });
    const shapes = Object.fromEntries(mambaParameterShapes(c).map((s) => [s.name, s.shape]));
    expect(shapes).toEqual({
      'backbone.embeddings.weight': [5, 8],
      'backbone.layers.0.norm.weight': [8],
      'backbone.layers.0.mixer.in_proj.weight': [32, 8],
      'backbone.layers.0.mixer.in_proj.bias': [32],
      'backbone.layers.0.mixer.conv1d.weight': [16, 1, 4],
      'backbone.layers.0.mixer.conv1d.bias': [16],
      'backbone.layers.0.mixer.x_proj.weight': [7, 16],
      'backbone.layers.0.mixer.dt_proj.weight': [16, 1],
      'backbone.layers.0.mixer.dt_proj.bias': [16],
      'backbone.layers.0.mixer.A_log': [16, 3],
      'backbone.layers.0.mixer.D': [16],
      'backbone.layers.0.mixer.out_proj.weight': [8, 16],
      'backbone.layers.0.mixer.out_proj.bias': [8],
      'backbone.norm_f.weight': [8],
      'lm_head.weight': [5, 8],
    });
  });
});
