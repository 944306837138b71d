/** `ftheta train --arch mamba`: a preset's sizes as a Mamba config. */
import { type MambaConfig, parseMambaConfig } from '@ftheta/ssm';
import type { TrainPreset } from './train-preset';

/** SSM state size N per channel (state-spaces' and HF's default). */
export const MAMBA_STATE_SIZE = 16;
/** d_inner / d_model (the default of Mamba v1). */
export const MAMBA_EXPAND = 2;
/** Width of the causal depthwise conv (the default of Mamba v1). */
export const MAMBA_CONV_KERNEL = 4;

/**
 * The Mamba of a preset: hidden_size = n_embd, num_hidden_layers = n_layer, state 16, expand 2,
 * conv 4, and the data's vocabulary (n_head does not apply; the context is the training window only:
 * Mamba has no context limit).
 */
export function mambaPresetConfig(preset: Pick<TrainPreset, 'n_embd' | 'n_layer'>, vocabSize: number): MambaConfig {
  return parseMambaConfig(
    {
      model_type: 'mamba',
      vocab_size: vocabSize,
      hidden_size: preset.n_embd,
      num_hidden_layers: preset.n_layer,
      state_size: MAMBA_STATE_SIZE,
      expand: MAMBA_EXPAND,
      conv_kernel: MAMBA_CONV_KERNEL,
    },
    '--arch mamba preset',
  );
}
