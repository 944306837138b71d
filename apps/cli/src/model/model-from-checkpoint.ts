/** Builds the model a checkpoint describes (a Transformer or a MambaModel), by config.json's `model_type`. */
import path from 'node:path';
import { type HostTensor, parseTransformerConfig, type Transformer, type TransformerConfig, transformerFromWeights } from '@ftheta/core-model';
import { type MambaConfig, type MambaModel, mambaFromWeights, parseMambaConfig } from '@ftheta/ssm';
import { checkpointModelType } from './model-type';

/** A model the CLI loaded, with its type and parsed config. */
export type LoadedModel =
  | { modelType: 'gpt2'; model: Transformer; config: TransformerConfig }
  | { modelType: 'mamba'; model: MambaModel; config: MambaConfig };

/** Any model the CLI builds from a checkpoint. */
export type CliModel = LoadedModel['model'];

/** Options of {@link modelFromCheckpoint}. */
export interface ModelFromCheckpointOptions {
  /** A Transformer's behaviour past n_positions (default 'error'); Mamba has no context limit. */
  onContextOverflow?: 'error' | 'slide';
}

/**
 * Builds the model of a checkpoint in `dir` (its config.json and model.safetensors already read):
 * a Transformer for model_type "gpt2", a MambaModel for "mamba".
 * @throws CliFailure naming config.json and an unknown model_type; Error naming the config key or
 * CheckpointError naming the tensor at fault.
 */
export function modelFromCheckpoint(
  checkpoint: { config: Record<string, unknown>; tensors: ReadonlyMap<string, HostTensor> },
  dir: string,
  options: ModelFromCheckpointOptions = {},
): LoadedModel {
  const configFile = path.join(dir, 'config.json');
  const source = path.join(dir, 'model.safetensors');
  if (checkpointModelType(checkpoint.config, configFile) === 'mamba') {
    const model = mambaFromWeights(parseMambaConfig(checkpoint.config, configFile), checkpoint.tensors, { source });
    return { modelType: 'mamba', model, config: model.config };
  }
  const config = parseTransformerConfig(checkpoint.config, configFile);
  const model = transformerFromWeights(config, checkpoint.tensors as Map<string, HostTensor>, { onContextOverflow: options.onContextOverflow ?? 'error' });
  return { modelType: 'gpt2', model, config: model.config };
}
