/**
 * Node only: a fact model as a checkpoint directory — config.json, model.safetensors and
 * tokenizer.json as every ftheta checkpoint, plus fact-base.json (the options that regenerate its
 * fact base, hence its training text for key statistics and its evaluation cases).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromParamStore, saveCheckpointDir, writeFilesAtomically } from '@ftheta/core-model/node';
import { toTokenizerJson } from '@ftheta/tokenizer';
import { type FactBase, type FactBaseOptions, factBase } from '../facts/fact-base';
import type { FactModel } from '../facts/fact-model';

/** The file beside the checkpoint that names its fact base. */
export const FACT_BASE_FILE = 'fact-base.json';

/** Writes the model, its tokenizer and fact-base.json into `dir` (each file atomically). */
export async function saveFactModel(dir: string, fm: FactModel, base: FactBase, options: Required<FactBaseOptions>): Promise<void> {
  await saveCheckpointDir(dir, { config: { ...fm.model.config }, tensors: fromParamStore(fm.model.params), tokenizerJson: toTokenizerJson(fm.spec) });
  const check = factBase(options);
  if (check.subjects.length !== base.subjects.length || check.subjects[0] !== base.subjects[0]) throw new Error('saveFactModel: options do not regenerate this fact base');
  await writeFilesAtomically(dir, [{ name: FACT_BASE_FILE, data: `${JSON.stringify({ format: 'ftheta-fact-base', ...options }, null, 2)}\n` }]);
}

/**
 * The fact base named by `dir`/fact-base.json, or null when the directory has none (a model not
 * trained by `ftheta facts`).
 * @throws Error naming the file and field when it is malformed.
 */
export async function readFactBaseFile(dir: string): Promise<{ base: FactBase; options: Required<FactBaseOptions> } | null> {
  const file = path.join(dir, FACT_BASE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  for (const k of ['seed', 'subjects', 'shareFirstName'] as const) {
    if (typeof json[k] !== 'number' || !Number.isFinite(json[k])) throw new Error(`${file}: "${k}" must be a number, got ${JSON.stringify(json[k])}`);
  }
  const options = { seed: json.seed as number, subjects: json.subjects as number, shareFirstName: json.shareFirstName as number };
  return { base: factBase(options), options };
}
