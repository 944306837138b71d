/**
 * Node only (exported from '@ftheta/trainer/node'): LoRA adapters on disk as PEFT writes and reads
 * them, `adapter_config.json` + `adapter_model.safetensors`, so an adapter moves between ftheta and
 * `PeftModel.from_pretrained` both ways.
 */
import type { Transformer } from '@ftheta/core-model';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { adapterFiles, loraFromAdapterFiles, type AdapterFilesOptions } from './adapter-files';
import type { LoraModel, LoraModelOptions } from './lora-model';

/** Writes the adapter of `model` into `dir` (created if needed); each file via temp file + rename. */
export async function saveAdapter(dir: string, model: LoraModel, options: AdapterFilesOptions = {}): Promise<void> {
  const files = adapterFiles(model, options);
  await mkdir(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) {
    const target = path.join(dir, name);
    const temp = `${target}.tmp-${process.pid}`;
    await writeFile(temp, data);
    await rename(temp, target);
  }
}

/**
 * Reads the adapter in `dir` and attaches it to `base` (which it borrows, unchanged). `options`
 * go to the {@link LoraModel} (e.g. the dropout seed of a run being resumed).
 * @throws Error naming the file (unreadable, malformed, or not fitting the base).
 */
export async function loadAdapter(dir: string, base: Transformer, options: LoraModelOptions = {}): Promise<LoraModel> {
  const configPath = path.join(dir, 'adapter_config.json');
  const modelPath = path.join(dir, 'adapter_model.safetensors');
  let configJson: unknown;
  try {
    configJson = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (err) {
    throw new Error(`loadAdapter: cannot read ${configPath} (${(err as Error).message})`, { cause: err });
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (err) {
    const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? '; only safetensors adapters are read (not adapter_model.bin)' : '';
    throw new Error(`loadAdapter: cannot read ${modelPath} (${(err as Error).message})${hint}`, { cause: err });
  }
  return loraFromAdapterFiles(base, configJson, bytes, { config: configPath, model: modelPath }, options);
}
