/** A MambaModel from a loaded checkpoint (`loadCheckpoint` / `loadCheckpointDir` of @ftheta/core-model). */
import type { LoadedCheckpoint } from '@ftheta/core-model';
import { parseMambaConfig } from '../config';
import type { MambaModel } from './mamba-model';
import { type MambaFromWeightsOptions, mambaFromWeights } from './from-weights';

/**
 * Parses the checkpoint's config.json as a Mamba config and builds the model from its tensors.
 * @throws Error naming config.json's key, or CheckpointError naming the tensor.
 */
export function mambaFromCheckpoint(checkpoint: Pick<LoadedCheckpoint, 'config' | 'tensors'>, options: MambaFromWeightsOptions & { configSource?: string } = {}): MambaModel {
  const { configSource = 'config.json', ...rest } = options;
  return mambaFromWeights(parseMambaConfig(checkpoint.config, configSource), checkpoint.tensors, rest);
}
