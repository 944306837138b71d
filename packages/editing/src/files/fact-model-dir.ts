/**
 * Node only: a fact model as a checkpoint directory — config.json, model.safetensors and
 * tokenizer.json as every ftheta checkpoint, plus fact-base.json (see ../facts/fact-base-json.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromParamStore, saveCheckpointDir, writeFilesAtomically } from '@ftheta/core-model/node';
import { toTokenizerJson } from '@ftheta/tokenizer';
import type { FactBase, FactBaseOptions } from '../facts/fact-base';
import { FACT_BASE_FILE, type FactBaseFile, factBaseJson, parseFactBaseJson } from '../facts/fact-base-json';
import type { FactModel } from '../facts/fact-model';

/** Writes the model, its tokenizer and fact-base.json into `dir` (each file atomically). */
export async function saveFactModel(dir: string, fm: FactModel, base: FactBase, options: Required<FactBaseOptions>): Promise<void> {
  const check = parseFactBaseJson(factBaseJson(options, fm.records)).base;
  if (check.subjects.length !== base.subjects.length || check.subjects[0] !== base.subjects[0]) throw new Error('saveFactModel: options do not regenerate this fact base');
  await saveCheckpointDir(dir, { config: { ...fm.model.config }, tensors: fromParamStore(fm.model.params), tokenizerJson: toTokenizerJson(fm.spec) });
  await writeFilesAtomically(dir, [{ name: FACT_BASE_FILE, data: `${JSON.stringify(factBaseJson(options, fm.records), null, 2)}\n` }]);
}

/**
 * The fact base named by `dir`/fact-base.json, or null when the directory has none (a model not
 * trained by `ftheta facts`).
 * @throws Error naming the file and field when it is malformed.
 */
export async function readFactBaseFile(dir: string): Promise<FactBaseFile | null> {
  const file = path.join(dir, FACT_BASE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: cannot read (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseFactBaseJson(json, file);
}
