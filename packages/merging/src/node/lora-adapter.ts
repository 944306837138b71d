/**
 * A PEFT LoRA adapter directory (`adapter_config.json` + `adapter_model.safetensors`, as PEFT and
 * @ftheta/trainer write it) read for merging: its config checked by the trainer's
 * parsePeftAdapterConfig (refusing what ftheta cannot honour: DoRA, biases, rank patterns, ...), and
 * its factors grouped by module. Adapters are small: they are read whole.
 */
import { parseSafetensors, type SafetensorsTensor } from '@ftheta/core-model';
import { loraScaling, PEFT_PREFIX, parsePeftAdapterConfig } from '@ftheta/trainer';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** One adapted module: PEFT's lora_A [r, in] and lora_B [out, r]. */
export interface LoraFactors {
  a: SafetensorsTensor;
  b: SafetensorsTensor;
}

/** An adapter ready to merge. */
export interface LoraAdapter {
  dir: string;
  /** s = alpha / r (alpha / √r with rsLoRA). */
  scaling: number;
  /** PEFT's fan_in_fan_out (decides the layout only for square weights; shapes decide otherwise). */
  fanInFanOut: boolean;
  /** By module name without PEFT's `base_model.model.` prefix (`transformer.h.0.attn.c_attn`). */
  modules: Map<string, LoraFactors>;
}

const FACTOR = /^(.*)\.lora_([AB])\.weight$/;

/**
 * Reads the adapter in `dir`.
 * @throws Error naming the file (and tensor) at fault.
 */
export async function readLoraAdapter(dir: string): Promise<LoraAdapter> {
  const configPath = path.join(dir, 'adapter_config.json');
  const modelPath = path.join(dir, 'adapter_model.safetensors');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (err) {
    throw new Error(`${configPath}: cannot read the LoRA adapter config (${(err as Error).message})`, { cause: err });
  }
  const config = parsePeftAdapterConfig(json, configPath);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (err) {
    const hint = (err as NodeJS.ErrnoException).code === 'ENOENT' ? '; only safetensors adapters are read (not adapter_model.bin)' : '';
    throw new Error(`${modelPath}: cannot read the LoRA weights (${(err as Error).message})${hint}`, { cause: err });
  }
  const { tensors } = parseSafetensors(bytes, modelPath);
  const parts = new Map<string, Partial<LoraFactors>>();
  for (const [name, t] of tensors) {
    const m = FACTOR.exec(name);
    if (!name.startsWith(PEFT_PREFIX) || !m) throw new Error(`${modelPath}: tensor "${name}" is not PEFT's ${PEFT_PREFIX}<module>.lora_A.weight / .lora_B.weight`);
    const module = m[1].slice(PEFT_PREFIX.length);
    const entry = parts.get(module) ?? {};
    entry[m[2] === 'A' ? 'a' : 'b'] = t;
    parts.set(module, entry);
  }
  const modules = new Map<string, LoraFactors>();
  for (const [module, f] of parts) {
    if (!f.a || !f.b) throw new Error(`${modelPath}: module "${module}" has lora_${f.a ? 'A' : 'B'} but no lora_${f.a ? 'B' : 'A'}`);
    if (f.a.shape[0] !== config.r) throw new Error(`${modelPath}: "${module}.lora_A.weight" has rank ${f.a.shape[0]}, adapter_config.json says r = ${config.r}`);
    modules.set(module, { a: f.a, b: f.b });
  }
  const fanInFanOut = (json as Record<string, unknown>).fan_in_fan_out === true;
  return { dir, scaling: loraScaling(config), fanInFanOut, modules };
}
