/**
 * Node only (exported from '@ftheta/core-model/node'): checkpoint directories on disk, `config.json`
 * + `model.safetensors` (+ `tokenizer.json`), read and written with Hugging Face's names so they
 * move between ftheta and PyTorch both ways. Writing never leaves a half-written file.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { assembleCheckpoint, parseJsonText, type LoadedCheckpoint } from './assemble-checkpoint';
import { CheckpointError } from './checkpoint-error';
import { checkGpt2Shapes, expectedGpt2Shapes } from './gpt2-shapes';
import { serializeSafetensors } from './serialize-safetensors';
import type { HostTensor } from './tensor-types';
import { writeFilesAtomically, type FileToWrite } from './write-files-atomically';

function ioError(file: string, what: string, err: unknown): CheckpointError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
  return new CheckpointError(file, `${what}: ${why}`, { cause: err });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Reads the checkpoint directory `dir` (see `LoadedCheckpoint` for naming and checks); tokenizer.json
 * is optional.
 * @throws CheckpointError naming the file at fault (missing, unreadable, malformed, or not matching config.json).
 */
export async function loadCheckpointDir(dir: string): Promise<LoadedCheckpoint> {
  const configPath = path.join(dir, 'config.json');
  const modelPath = path.join(dir, 'model.safetensors');
  const tokPath = path.join(dir, 'tokenizer.json');
  let configText: string;
  try {
    configText = await readFile(configPath, 'utf8');
  } catch (err) {
    throw ioError(configPath, 'cannot read the checkpoint config', err);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      if (await exists(path.join(dir, 'model.safetensors.index.json'))) throw new CheckpointError(modelPath, 'missing; sharded checkpoints (model.safetensors.index.json) are not supported yet');
      if (await exists(path.join(dir, 'pytorch_model.bin'))) throw new CheckpointError(modelPath, 'missing; only safetensors is read (convert pytorch_model.bin with safetensors first)');
    }
    throw ioError(modelPath, 'cannot read the weights', err);
  }
  let tokenizerJson: unknown = null;
  try {
    tokenizerJson = parseJsonText(await readFile(tokPath, 'utf8'), tokPath);
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(tokPath, 'cannot read', err);
  }
  return assembleCheckpoint(parseJsonText(configText, configPath), bytes, tokenizerJson, { config: configPath, model: modelPath });
}

/** What {@link saveCheckpointDir} writes. */
export interface CheckpointToSave {
  /** Written as config.json (2-space indented JSON). */
  config: Record<string, unknown>;
  /** Written as model.safetensors (F32, keys sorted, as the reference writer lays it out). */
  tensors: Iterable<[string, HostTensor]>;
  /** Written as tokenizer.json: a JSON value, or text written as is; null or absent: not written (an existing tokenizer.json is left alone). */
  tokenizerJson?: unknown;
  /** model.safetensors' `__metadata__` (default `{ format: 'pt' }`, which PyTorch loaders expect). */
  metadata?: Record<string, string>;
}

/**
 * Writes a checkpoint directory (created if needed): model.safetensors, tokenizer.json (if given)
 * and config.json. Everything is serialized and, for a GPT-2 (`model_type: "gpt2"`), checked
 * against the config first, so invalid input writes nothing; the files are then replaced as in
 * write-files-atomically.ts: never half-written, and the previous files are kept when a write fails.
 * @throws CheckpointError naming the file and the problem (nothing changed on disk), or Error from
 *   the config parser.
 */
export async function saveCheckpointDir(dir: string, checkpoint: CheckpointToSave): Promise<void> {
  const modelPath = path.join(dir, 'model.safetensors');
  const tensors = new Map(checkpoint.tensors);
  if (checkpoint.config === null || typeof checkpoint.config !== 'object' || Array.isArray(checkpoint.config)) {
    throw new CheckpointError(path.join(dir, 'config.json'), 'config must be a JSON object');
  }
  if (checkpoint.config.model_type === 'gpt2') {
    checkGpt2Shapes(tensors, expectedGpt2Shapes(checkpoint.config, path.join(dir, 'config.json')), modelPath);
  }
  const files: FileToWrite[] = [{ name: 'model.safetensors', data: serializeSafetensors(tensors, checkpoint.metadata ?? { format: 'pt' }, modelPath) }];
  const tok = checkpoint.tokenizerJson;
  if (tok !== undefined && tok !== null) files.push({ name: 'tokenizer.json', data: typeof tok === 'string' ? tok : `${JSON.stringify(tok, null, 2)}\n` });
  files.push({ name: 'config.json', data: `${JSON.stringify(checkpoint.config, null, 2)}\n` });
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw ioError(dir, 'cannot create the checkpoint directory', err);
  }
  await writeFilesAtomically(dir, files);
}
