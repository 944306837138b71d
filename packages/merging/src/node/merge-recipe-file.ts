/** Node only: a recipe file (YAML) merged into a checkpoint directory, model paths relative to the file. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseRecipe } from '../recipe/parse-recipe';
import { RecipeError } from '../recipe/recipe-error';
import type { MergeRecipe } from '../recipe/recipe-types';
import { type MergeCheckpointsOptions, type MergeSummary, mergeCheckpoints } from './merge-checkpoints';

/**
 * Reads and validates the recipe at `file`.
 * @throws RecipeError naming the file (unreadable, not YAML, or invalid: with the key path).
 */
export async function readRecipeFile(file: string): Promise<{ recipe: MergeRecipe; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RecipeError(file, '', `cannot read: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return { recipe: parseRecipe(text, file), text };
}

/**
 * Merges as the recipe at `file` says into `outDir`; relative model paths are resolved against the
 * recipe's directory, and the recipe's text is stored in the output's metadata.
 */
export async function mergeRecipeFile(file: string, outDir: string, options: Omit<MergeCheckpointsOptions, 'relativeTo' | 'recipeText'> = {}): Promise<MergeSummary> {
  const { recipe, text } = await readRecipeFile(file);
  return mergeCheckpoints(recipe, outDir, { ...options, relativeTo: path.dirname(path.resolve(file)), recipeText: text });
}
