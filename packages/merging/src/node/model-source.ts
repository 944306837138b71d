/**
 * One input model of a merge, opened for streaming: a checkpoint directory (config.json +
 * model.safetensors [+ tokenizer.json]) whose tensors are read one at a time, optionally with a
 * LoRA adapter added to its weights as they are read (`base_dir+adapter_dir`, mergekit's syntax).
 * GPT-2 checkpoints are seen under Hugging Face's canonical names (`transformer.` prefix; the
 * attention-mask buffers, which are not parameters, dropped), so HF and ftheta files merge together.
 */
import { CheckpointError, canonicalGpt2Name, SafetensorsFileReader } from '@ftheta/core-model/node';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type LoraAdapter, readLoraAdapter } from './lora-adapter';
import { addLoraDelta, loraLayout } from './lora-delta';

/** An open input model; {@link ModelSource.close} it. */
export interface ModelSource {
  /** The reference as the recipe wrote it. */
  ref: string;
  dir: string;
  adapter: LoraAdapter | null;
  config: Record<string, unknown>;
  /** tokenizer.json's text, or null when the checkpoint has none. */
  tokenizerText: string | null;
  /** Shapes by (canonical) tensor name, in the file's data order. */
  shapes: Map<string, number[]>;
  /** model.safetensors' path (named in errors). */
  file: string;
  /** The tensor's float32 values (with the adapter's update added when it adapts it). */
  read(name: string): Promise<Float32Array>;
  close(): Promise<void>;
}

/** `dir` or `base+adapter`, resolved against `relativeTo`. */
export function resolveModelReference(ref: string, relativeTo: string): { dir: string; adapterDir: string | null } {
  const [dir, adapter] = ref.split('+');
  return { dir: path.resolve(relativeTo, dir), adapterDir: adapter === undefined ? null : path.resolve(relativeTo, adapter) };
}

/**
 * Opens the model `ref` (relative paths against `relativeTo`): reads config.json, tokenizer.json and
 * the safetensors header, and the adapter when there is one.
 * @throws CheckpointError / Error naming the file at fault, or the adapter module that fits no weight.
 */
export async function openModelSource(ref: string, relativeTo: string): Promise<ModelSource> {
  const { dir, adapterDir } = resolveModelReference(ref, relativeTo);
  const configPath = path.join(dir, 'config.json');
  let config: Record<string, unknown>;
  try {
    const parsed = JSON.parse(await readFile(configPath, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be a JSON object');
    config = parsed;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CheckpointError(configPath, `cannot read the checkpoint config: ${code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`, { cause: err });
  }
  let tokenizerText: string | null = null;
  try {
    tokenizerText = await readFile(path.join(dir, 'tokenizer.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new CheckpointError(path.join(dir, 'tokenizer.json'), `cannot read: ${(err as Error).message}`);
  }
  const file = path.join(dir, 'model.safetensors');
  const adapter = adapterDir === null ? null : await readLoraAdapter(adapterDir);
  const reader = await SafetensorsFileReader.open(file);
  try {
    const gpt2 = config.model_type === 'gpt2';
    const fileName = new Map<string, string>();
    const shapes = new Map<string, number[]>();
    for (const [name, e] of reader.entries) {
      const canonical = gpt2 ? canonicalGpt2Name(name) : name;
      if (canonical === null) continue;
      if (fileName.has(canonical)) throw new CheckpointError(file, `tensor "${canonical}" is given twice (as "${fileName.get(canonical)}" and as "${name}")`);
      fileName.set(canonical, name);
      shapes.set(canonical, e.shape);
    }
    if (adapter) {
      for (const [module, f] of adapter.modules) {
        const shape = shapes.get(`${module}.weight`);
        if (!shape) throw new Error(`${adapter.dir}: the adapter's module "${module}" has no weight "${module}.weight" in ${file}`);
        loraLayout(shape, f.a.shape, f.b.shape, adapter.fanInFanOut, `${adapter.dir}: module "${module}"`);
      }
    }
    return {
      ref,
      dir,
      adapter,
      config,
      tokenizerText,
      shapes,
      file,
      async read(name) {
        const stored = fileName.get(name);
        if (stored === undefined) throw new CheckpointError(file, `no tensor "${name}"`);
        const { data } = await reader.read(stored);
        const factors = adapter && name.endsWith('.weight') ? adapter.modules.get(name.slice(0, -'.weight'.length)) : undefined;
        if (!factors) return data;
        return addLoraDelta(data, shapes.get(name)!, factors.a, factors.b, adapter!.scaling, adapter!.fanInFanOut, `${adapter!.dir}: module "${name}"`);
      },
      close: () => reader.close(),
    };
  } catch (err) {
    await reader.close();
    throw err;
  }
}
