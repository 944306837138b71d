/**
 * Loads a checkpoint directory for the editing commands (`ftheta trace`, `ftheta edit`): the model
 * must be a GPT-2 Transformer (tracing and editing hook its MLPs and hidden states), with its
 * tokenizer.json. The checkpoint's own tensors and files are kept, so an edited copy can be
 * written with every other tensor bit for bit.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostTensor, Transformer } from '@ftheta/core-model';
import { loadCheckpointDir } from '@ftheta/core-model/node';
import type { Tokenizer } from '@ftheta/tokenizer';
import { loadTokenizerFile } from '@ftheta/tokenizer/node';
import { CliFailure, UsageError } from '../errors';
import { checkModelDir } from '../model/load-model-dir';
import { modelFromCheckpoint } from '../model/model-from-checkpoint';

/** A GPT-2 checkpoint directory, loaded. */
export interface LoadedGpt2Dir {
  dir: string;
  model: Transformer;
  tokenizer: Tokenizer;
  /** tokenizer.json's text, as on disk. */
  tokenizerText: string;
  /** config.json as written. */
  config: Record<string, unknown>;
  /** model.safetensors' tensors by checkpoint name (host copies). */
  tensors: Map<string, HostTensor>;
}

/**
 * Loads `dir` (the value of `flag`, e.g. "--model") as a Transformer with its tokenizer.
 * @throws UsageError for a missing directory or tokenizer.json, or a model that is not a GPT-2
 *   (naming `what` needs it); CliFailure naming the file at fault in a broken checkpoint.
 */
export async function loadGpt2Dir(dir: string | undefined, what: string, flag = '--model'): Promise<LoadedGpt2Dir> {
  const at = await checkModelDir(dir);
  let loaded: ReturnType<typeof modelFromCheckpoint>;
  let checkpoint: Awaited<ReturnType<typeof loadCheckpointDir>>;
  try {
    checkpoint = await loadCheckpointDir(at);
    loaded = modelFromCheckpoint(checkpoint, at);
  } catch (err) {
    throw new CliFailure((err as Error).message, { cause: err });
  }
  if (loaded.modelType !== 'gpt2') {
    loaded.model.dispose();
    throw new UsageError(`${flag} ${at} is a ${loaded.modelType} model; ${what} needs a Transformer (model_type "gpt2"): it hooks the attention and MLP outputs of its blocks`);
  }
  const model = loaded.model;
  try {
    const tokFile = path.join(at, 'tokenizer.json');
    const tokenizerText = await readFile(tokFile, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw err.code === 'ENOENT' ? new UsageError(`${flag} ${at} has no tokenizer.json (${what} tokenizes prompts with the model's own tokenizer)`) : new CliFailure(`${tokFile}: cannot read (${err.message})`);
    });
    const tokenizer = await loadTokenizerFile(tokFile).catch((err: Error) => {
      throw new CliFailure(err.message, { cause: err });
    });
    return { dir: at, model, tokenizer, tokenizerText, config: checkpoint.config, tensors: checkpoint.tensors as Map<string, HostTensor> };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
