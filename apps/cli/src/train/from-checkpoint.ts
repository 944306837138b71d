/** `ftheta train --from DIR`: the checkpoint to fine-tune, with its tokenizer (the data is tokenized with it). */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { loadCheckpointDir } from '@ftheta/core-model/node';
import type { Tokenizer } from '@ftheta/tokenizer';
import { loadTokenizerFile } from '@ftheta/tokenizer/node';
import { CliFailure, UsageError } from '../errors';
import { type LoadedModel, modelFromCheckpoint } from '../model/model-from-checkpoint';

/** A loaded fine-tuning start point: the model (by config.json's model_type), its type and config, and its tokenizer. */
export type FromCheckpoint = LoadedModel & {
  tokenizer: Tokenizer;
  /** tokenizer.json's text, copied as is beside every checkpoint the run writes. */
  tokenizerJson: string;
};

/**
 * Reads `dir` (config.json + model.safetensors + tokenizer.json, as `ftheta train` writes or a
 * Hugging Face GPT-2 or Mamba style directory) and builds the model config.json's model_type names
 * (a Transformer slides past n_positions). `flag` names the option in errors.
 * @throws UsageError when `dir` or its tokenizer.json is missing; CliFailure naming the file that is malformed.
 */
export async function loadFromCheckpoint(dir: string, flag = '--from'): Promise<FromCheckpoint> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new UsageError(`${flag} ${dir}: no such directory`);
  if (!s.isDirectory()) throw new UsageError(`${flag} ${dir}: not a directory (expected config.json + model.safetensors + tokenizer.json)`);
  const tokPath = path.join(dir, 'tokenizer.json');
  const tokenizerJson = await readFile(tokPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new UsageError(`${flag} ${dir}: no tokenizer.json (the data is tokenized with the checkpoint's tokenizer)`);
    throw new CliFailure(`${tokPath}: ${err.message}`, { cause: err });
  });
  try {
    const tokenizer = await loadTokenizerFile(tokPath);
    const ck = await loadCheckpointDir(dir);
    const loaded = modelFromCheckpoint(ck, dir, { onContextOverflow: 'slide' });
    if (tokenizer.vocabSize > loaded.config.vocab_size) {
      loaded.model.dispose();
      throw new Error(`${tokPath}: the tokenizer has ${tokenizer.vocabSize} ids but the model's vocab_size is ${loaded.config.vocab_size}`);
    }
    return { ...loaded, tokenizer, tokenizerJson };
  } catch (err) {
    throw new CliFailure(`${flag} ${dir}: ${(err as Error).message}`, { cause: err });
  }
}
