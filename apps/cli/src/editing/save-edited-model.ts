/**
 * Writes an edited model as a normal checkpoint directory: every tensor of the input checkpoint
 * (only the edited matrices replaced), config.json and tokenizer.json as they were, fact-base.json
 * copied when the input has one, and edit.json saying what was done. The checkpoint is written by
 * saveCheckpointDir (atomically), then the two JSON files together, edit.json marking a finished
 * directory.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { HostTensor, Transformer } from '@ftheta/core-model';
import { type FileToWrite, saveCheckpointDir, writeFilesAtomically } from '@ftheta/core-model/node';
import { FACT_BASE_FILE } from '@ftheta/editing/node';
import type { LoadedGpt2Dir } from './load-gpt2-dir';

/** The file beside an edited checkpoint that describes the edit. */
export const EDIT_FILE = 'edit.json';

/**
 * Saves `model`'s current values of `edited` (parameter names) over `source`'s tensors into `out`,
 * with `editJson` as edit.json (see the module).
 */
export async function saveEditedModel(out: string, source: LoadedGpt2Dir, model: Transformer, edited: readonly string[], editJson: unknown): Promise<void> {
  const tensors = new Map<string, HostTensor>(source.tensors);
  for (const name of edited) {
    const v = model.params.get(name);
    tensors.set(name, { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) });
  }
  await saveCheckpointDir(out, { config: source.config, tensors, tokenizerJson: source.tokenizerText });
  const files: FileToWrite[] = [];
  const factBase = await readFile(path.join(source.dir, FACT_BASE_FILE)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (factBase) files.push({ name: FACT_BASE_FILE, data: factBase });
  else await rm(path.join(out, FACT_BASE_FILE), { force: true }); // not one left from an earlier run
  files.push({ name: EDIT_FILE, data: `${JSON.stringify(editJson, null, 2)}\n` });
  await writeFilesAtomically(out, files);
}
