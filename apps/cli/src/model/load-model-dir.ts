/** Loads a checkpoint directory (config.json + model.safetensors) as a Transformer or a MambaModel, for CLI commands. */
import { stat } from 'node:fs/promises';
import { loadCheckpointDir } from '@ftheta/core-model/node';
import { CliFailure, UsageError } from '../errors';
import { type LoadedModel, type ModelFromCheckpointOptions, modelFromCheckpoint } from './model-from-checkpoint';

export type { LoadedModel } from './model-from-checkpoint';

/** Checks that `dir` is a directory; a one-line UsageError naming `--model` otherwise. */
export async function checkModelDir(dir: string | undefined): Promise<string> {
  if (!dir) throw new UsageError('--model DIR is required (a directory with config.json and model.safetensors)');
  const s = await stat(dir).catch(() => null);
  if (!s) throw new UsageError(`--model ${dir}: no such directory`);
  if (!s.isDirectory()) throw new UsageError(`--model ${dir}: not a directory`);
  return dir;
}

/**
 * Reads and checks the checkpoint and builds the model its config.json's `model_type` names
 * ("gpt2": Transformer, "mamba": MambaModel).
 * @throws UsageError for a missing directory; CliFailure naming the file, key or tensor at fault (an unknown model_type names config.json).
 */
export async function loadModelDir(dir: string | undefined, options: ModelFromCheckpointOptions = {}): Promise<LoadedModel> {
  const path = await checkModelDir(dir);
  try {
    const checkpoint = await loadCheckpointDir(path);
    return modelFromCheckpoint(checkpoint, path, options);
  } catch (err) {
    throw new CliFailure((err as Error).message, { cause: err });
  }
}
