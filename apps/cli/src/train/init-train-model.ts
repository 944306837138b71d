/** `ftheta train` from scratch: the freshly initialised model of an architecture, preset and vocabulary. */
import { initTransformer, parseTransformerConfig, type Transformer, type TransformerConfig } from '@ftheta/core-model';
import { initMamba, type MambaModel } from '@ftheta/ssm';
import type { TrainArch } from './arch-flag';
import { mambaPresetConfig } from './mamba-preset';
import type { TrainPreset } from './train-preset';

/** Builds a Transformer config for a preset and vocabulary. */
export function presetConfig(preset: TrainPreset, vocabSize: number, extra: Record<string, unknown> = {}): TransformerConfig {
  return parseTransformerConfig({ model_type: 'gpt2', vocab_size: vocabSize, n_positions: preset.ctx, n_embd: preset.n_embd, n_layer: preset.n_layer, n_head: preset.n_head, ...extra });
}

/**
 * A seeded fresh model: a Transformer (context = the preset's window, sliding past it when
 * generating) or a Mamba of the preset's width and depth (see ./mamba-preset.ts).
 */
export function initTrainModel(arch: TrainArch, preset: TrainPreset, vocabSize: number, seed: number): Transformer | MambaModel {
  if (arch === 'mamba') return initMamba(mambaPresetConfig(preset, vocabSize), { seed });
  return initTransformer(presetConfig(preset, vocabSize), { seed, onContextOverflow: 'slide' });
}
