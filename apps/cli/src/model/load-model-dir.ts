/** Loads a checkpoint directory (config.json + model.safetensors) as a Transformer, for CLI commands. */
import { stat } from 'node:fs/promises';
import { parseTransformerConfig, type TransformerConfig, type Transformer, transformerFromWeights } from '@ftheta/core-model';
import { loadCheckpointDir } from '@ftheta/core-model/node';
import { CliFailure, UsageError } from '../errors';

/** What a command gets: the model and its parsed config. */
export interface LoadedModel {
  model: Transformer;
  config: TransformerConfig;
}

/** Checks that `dir` is a directory; a one-line UsageError naming `--model` otherwise. */
export async function checkModelDir(dir: string | undefined): Promise<string> {
  if (!dir) throw new UsageError('--model DIR is required (a directory with config.json and model.safetensors)');
  const s = await stat(dir).catch(() => null);
  if (!s) throw new UsageError(`--model ${dir}: no such directory`);
  if (!s.isDirectory()) throw new UsageError(`--model ${dir}: not a directory`);
  return dir;
}

/** Reads and checks the checkpoint (through src/checkpoint's loader) and builds the Transformer. */
export async function loadModelDir(dir: string | undefined): Promise<LoadedModel> {
  const path = await checkModelDir(dir);
  try {
    const checkpoint = await loadCheckpointDir(path);
    const config = parseTransformerConfig(checkpoint.config, `${path}/config.json`);
    const model = transformerFromWeights(config, checkpoint.tensors);
    return { model, config: model.config };
  } catch (err) {
    throw new CliFailure((err as Error).message, { cause: err });
  }
}
