/**
 * Node only (exported from '@ftheta/trainer/node'): training checkpoints on disk.
 *
 * `<dir>/last/` (and `<dir>/best/` when the validation loss improved) each hold
 * `config.json` + `model.safetensors` (a normal ftheta / Hugging Face checkpoint) +
 * `optimizer.safetensors` + `trainer_state.json`. A checkpoint directory is written whole into a
 * temp directory beside it, flushed, then swapped in by rename, so `last/` is never half-written
 * and a failed or interrupted save keeps the previous one.
 */
import { loadCheckpointDir, saveCheckpointDir, type HostTensor, type ModelConfig } from '@ftheta/core-model/node';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TrainingSnapshot } from './train-options';
import { parseTrainingState, serializeTrainingState, type TrainingState } from './training-state';

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const fh = await open(file, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Writes one complete checkpoint directory `target` by temp dir + rename (the old one is removed after). */
async function writeDirAtomically(target: string, snapshot: TrainingSnapshot): Promise<void> {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const parent = path.dirname(target);
  const base = path.basename(target);
  const temp = path.join(parent, `.${base}.tmp-${tag}`);
  const old = path.join(parent, `.${base}.old-${tag}`);
  const { json, optimizer } = serializeTrainingState(snapshot.state);
  try {
    await saveCheckpointDir(temp, { config: snapshot.config as Record<string, unknown>, tensors: snapshot.params });
    await writeSynced(path.join(temp, 'optimizer.safetensors'), optimizer);
    await writeSynced(path.join(temp, 'trainer_state.json'), json);
  } catch (err) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw new Error(`saveTrainingCheckpoint: cannot write ${target} (${(err as Error).message}); the previous checkpoint is kept`, { cause: err });
  }
  const hadOld = await exists(target);
  if (hadOld) await rename(target, old);
  try {
    await rename(temp, target);
  } catch (err) {
    if (hadOld) await rename(old, target).catch(() => undefined);
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw new Error(`saveTrainingCheckpoint: cannot replace ${target} (${(err as Error).message}); the previous checkpoint is kept`, { cause: err });
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/**
 * Saves `snapshot` as `<dir>/last/`, and also as `<dir>/best/` when `snapshot.isBest`. Use it as
 * `train({ checkpoint: { every, save: (s) => saveTrainingCheckpoint(dir, s) } })`.
 * @throws Error naming the directory that could not be written (the previous checkpoint is kept).
 */
export async function saveTrainingCheckpoint(dir: string, snapshot: TrainingSnapshot): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeDirAtomically(path.join(dir, 'last'), snapshot);
  if (snapshot.isBest) await writeDirAtomically(path.join(dir, 'best'), snapshot);
}

/** What {@link loadTrainingCheckpoint} returns. */
export interface LoadedTrainingCheckpoint {
  /** config.json as written. */
  config: ModelConfig;
  /** θ by name (load into a model with `toParamStore`, or `store.set` on an existing one). */
  params: Map<string, HostTensor>;
  /** Pass as `train({ resume })`. */
  state: TrainingState;
}

/**
 * Reads `<dir>/<which>/` (default `last`). If `last/` is missing because a save was interrupted
 * between its two renames, the previous one (`.last.old-*`) is read instead.
 * @throws Error / CheckpointError naming the file that is missing or malformed.
 */
export async function loadTrainingCheckpoint(dir: string, which: 'last' | 'best' = 'last'): Promise<LoadedTrainingCheckpoint> {
  let sub = path.join(dir, which);
  if (!(await exists(sub))) {
    const olds = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(`.${which}.old-`));
    if (olds.length === 0) throw new Error(`loadTrainingCheckpoint: ${sub} does not exist`);
    sub = path.join(dir, olds.sort().at(-1)!);
  }
  const ck = await loadCheckpointDir(sub);
  const stateFile = path.join(sub, 'trainer_state.json');
  const json = await readFile(stateFile, 'utf8').catch((err: Error) => {
    throw new Error(`loadTrainingCheckpoint: cannot read ${stateFile} (${err.message})`, { cause: err });
  });
  const optFile = path.join(sub, 'optimizer.safetensors');
  const opt = await readFile(optFile).catch((err: Error) => {
    throw new Error(`loadTrainingCheckpoint: cannot read ${optFile} (${err.message})`, { cause: err });
  });
  const params = new Map<string, HostTensor>();
  for (const [name, t] of ck.tensors) params.set(name, { shape: t.shape, data: t.data });
  return { config: ck.config as ModelConfig, params, state: parseTrainingState(json, opt, stateFile) };
}

export { interruptSignal } from './interrupt-signal';
