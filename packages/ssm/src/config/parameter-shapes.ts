/** Every parameter of a Mamba config: its Hugging Face name, shape and role (for init and checks). */
import type { MambaConfig } from './mamba-config';

/** What a parameter is, which decides its initialisation. */
export type MambaParameterRole =
  | 'embedding'
  | 'norm-weight'
  | 'in-proj'
  | 'conv-weight'
  | 'conv-bias'
  | 'x-proj'
  | 'dt-proj-weight'
  | 'dt-proj-bias'
  | 'a-log'
  | 'd'
  | 'out-proj'
  | 'bias'
  | 'lm-head';

/** One parameter: HF name, shape (torch layout: Linear [out, in], conv1d [d_inner, 1, d_conv]) and role. */
export interface MambaParameterSpec {
  name: string;
  shape: number[];
  role: MambaParameterRole;
}

/**
 * The parameters of MambaForCausalLM for `config`, in a fixed order (embeddings, then per layer
 * norm, in_proj, conv1d, x_proj, dt_proj, A_log, D, out_proj, then norm_f and an untied lm_head).
 */
export function mambaParameterShapes(config: MambaConfig): MambaParameterSpec[] {
  const { hidden_size: d, intermediate_size: di, state_size: n, time_step_rank: r, conv_kernel: k } = config;
  const specs: MambaParameterSpec[] = [{ name: 'backbone.embeddings.weight', shape: [config.vocab_size, d], role: 'embedding' }];
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const p = `backbone.layers.${i}`;
    const m = `${p}.mixer`;
    specs.push({ name: `${p}.norm.weight`, shape: [d], role: 'norm-weight' });
    specs.push({ name: `${m}.in_proj.weight`, shape: [2 * di, d], role: 'in-proj' });
    if (config.use_bias) specs.push({ name: `${m}.in_proj.bias`, shape: [2 * di], role: 'bias' });
    specs.push({ name: `${m}.conv1d.weight`, shape: [di, 1, k], role: 'conv-weight' });
    if (config.use_conv_bias) specs.push({ name: `${m}.conv1d.bias`, shape: [di], role: 'conv-bias' });
    specs.push({ name: `${m}.x_proj.weight`, shape: [r + 2 * n, di], role: 'x-proj' });
    specs.push({ name: `${m}.dt_proj.weight`, shape: [di, r], role: 'dt-proj-weight' });
    specs.push({ name: `${m}.dt_proj.bias`, shape: [di], role: 'dt-proj-bias' });
    specs.push({ name: `${m}.A_log`, shape: [di, n], role: 'a-log' });
    specs.push({ name: `${m}.D`, shape: [di], role: 'd' });
    specs.push({ name: `${m}.out_proj.weight`, shape: [d, di], role: 'out-proj' });
    if (config.use_bias) specs.push({ name: `${m}.out_proj.bias`, shape: [d], role: 'bias' });
  }
  specs.push({ name: 'backbone.norm_f.weight', shape: [d], role: 'norm-weight' });
  if (!config.tie_word_embeddings) specs.push({ name: 'lm_head.weight', shape: [config.vocab_size, d], role: 'lm-head' });
  return specs;
}

/** Number of learned scalars (a tied head counts once, as HF's `num_parameters()`). */
export function countMambaParameters(config: MambaConfig): number {
  let total = 0;
  for (const { shape } of mambaParameterShapes(config)) total += shape.reduce((a, b) => a * b, 1);
  return total;
}
