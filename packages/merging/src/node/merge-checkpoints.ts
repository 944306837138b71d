/**
 * Node only: a recipe's merge, streamed. The input models' headers are read and checked (same
 * tensor names and shapes everywhere, or an error naming the tensor and the files), then for each
 * output tensor in file order: read it from every input (one tensor per input in memory), merge it
 * (merge-tensor.ts), write it, drop it. Memory is bounded by the largest tensor times the number
 * of inputs, whatever the checkpoints' size.
 *
 * The output is a normal checkpoint directory: config.json and tokenizer.json from the base (or the
 * first model when there is no base_model), model.safetensors (F32) with the recipe in its
 * `__metadata__` (`mergekit_recipe`: the recipe's text; `ftheta_merge`: JSON with the method, seed
 * and inputs). model.safetensors is written to a temp file renamed at the end; config.json and
 * tokenizer.json are then replaced atomically: a failed merge changes nothing in `outDir`.
 */
import { CheckpointError, writeFilesAtomically } from '@ftheta/core-model/node';
import { SafetensorsFileWriter } from '@ftheta/core-model/node';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { mergeTensor } from '../merge-tensor';
import { configSourceIndex, recipeInputs } from '../recipe/recipe-inputs';
import type { MergeRecipe } from '../recipe/recipe-types';
import { type ModelSource, openModelSource } from './model-source';

/** Progress after each tensor written. */
export interface MergeProgress {
  /** Tensors written so far, and in all. */
  done: number;
  total: number;
  /** The tensor just written. */
  tensor: string;
  /** Output bytes written so far, and in all (model.safetensors' data). */
  bytesDone: number;
  bytesTotal: number;
}

/** Options of {@link mergeCheckpoints}. */
export interface MergeCheckpointsOptions {
  /** Directory that relative model paths in the recipe are resolved against (default: the current directory). */
  relativeTo?: string;
  /** Seed of DARE's drop masks (default 0). */
  seed?: number;
  /** The recipe's text, stored in the output's metadata as `mergekit_recipe` (default: the recipe as JSON). */
  recipeText?: string;
  onProgress?(progress: MergeProgress): void;
}

/** What a merge did. */
export interface MergeSummary {
  outDir: string;
  tensors: number;
  parameters: number;
  bytes: number;
  inputs: { model: string; dir: string; adapter: string | null }[];
}

/**
 * Merges the recipe's models into the checkpoint directory `outDir` (created if needed).
 * @throws RecipeError (a parameter without value for some tensor), CheckpointError / Error naming
 *   the file and tensor (unreadable inputs, names or shapes that differ), RangeError from a method.
 */
export async function mergeCheckpoints(recipe: MergeRecipe, outDir: string, options: MergeCheckpointsOptions = {}): Promise<MergeSummary> {
  const relativeTo = options.relativeTo ?? process.cwd();
  const seed = options.seed ?? 0;
  const inputs = recipeInputs(recipe);
  const sources: ModelSource[] = [];
  let writer: SafetensorsFileWriter | null = null;
  try {
    for (const input of inputs) sources.push(await openModelSource(input.model, relativeTo));
    const main = sources[configSourceIndex(inputs)];
    checkSameTensors(main, sources);

    const metadata: Record<string, string> = {
      format: 'pt',
      mergekit_recipe: options.recipeText ?? JSON.stringify(recipe),
      ftheta_merge: JSON.stringify({ merge_method: recipe.mergeMethod, seed, inputs: inputs.map((x, i) => ({ model: x.model, base: x.isBase, dir: sources[i].dir, adapter: sources[i].adapter?.dir ?? null })) }),
    };
    try {
      await mkdir(outDir, { recursive: true });
    } catch (err) {
      throw new CheckpointError(outDir, `cannot create the output directory: ${(err as Error).message}`, { cause: err });
    }
    writer = await SafetensorsFileWriter.create(
      path.join(outDir, 'model.safetensors'),
      [...main.shapes].map(([name, shape]) => ({ name, shape })),
      metadata,
    );
    const total = writer.order.length;
    const bytesTotal = [...main.shapes.values()].reduce((s, shape) => s + shape.reduce((a, d) => a * d, 1) * 4, 0);
    let bytesDone = 0;
    let parameters = 0;
    for (const [k, name] of writer.order.entries()) {
      const shape = main.shapes.get(name)!;
      const values: Float32Array[] = [];
      for (const s of sources) values.push(await s.read(name));
      const merged = mergeTensor(recipe, name, values, { seed, shape });
      await writer.write(name, merged);
      bytesDone += merged.byteLength;
      parameters += merged.length;
      options.onProgress?.({ done: k + 1, total, tensor: name, bytesDone, bytesTotal });
    }
    await writer.finish();
    writer = null;
    const files = [{ name: 'config.json', data: `${JSON.stringify(main.config, null, 2)}\n` }];
    if (main.tokenizerText !== null) files.push({ name: 'tokenizer.json', data: main.tokenizerText });
    await writeFilesAtomically(outDir, files);
    return { outDir, tensors: total, parameters, bytes: bytesTotal, inputs: sources.map((s) => ({ model: s.ref, dir: s.dir, adapter: s.adapter?.dir ?? null })) };
  } finally {
    await writer?.abort();
    await Promise.all(sources.map((s) => s.close()));
  }
}

/** Every input must hold the same tensor names with the same shapes as `main`. */
function checkSameTensors(main: ModelSource, sources: readonly ModelSource[]): void {
  for (const s of sources) {
    if (s === main) continue;
    for (const [name, shape] of main.shapes) {
      const other = s.shapes.get(name);
      if (!other) throw new CheckpointError(s.file, `has no tensor "${name}", which ${main.file} has (the models must share names and shapes)`);
      if (other.length !== shape.length || other.some((d, i) => d !== shape[i])) {
        throw new CheckpointError(s.file, `tensor "${name}" has shape [${other.join(', ')}], but [${shape.join(', ')}] in ${main.file}`);
      }
    }
    for (const name of s.shapes.keys()) {
      if (!main.shapes.has(name)) throw new CheckpointError(s.file, `has a tensor "${name}" that ${main.file} lacks (the models must share names and shapes)`);
    }
  }
}
