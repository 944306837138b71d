/** `ftheta merge RECIPE.yml --out DIR`: combine fine-tuned checkpoints without training (mergekit recipes). */
// one entry point: `.` and `./node` are separate bundles, each with its own RecipeError class
import { mergeRecipeFile, RecipeError } from '@ftheta/merging/node';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CliFailure, UsageError } from '../errors';
import type { CliIo } from '../io';
import { mergeHelpText } from '../merge/merge-help';

/** Options of `ftheta merge`. */
export interface MergeCommandOptions {
  out: string;
  seed?: string;
  progress?: boolean;
}

/** Runs the merge; recipe mistakes are usage errors (exit 2), everything else failures (exit 1). */
export async function mergeCommand(recipeFile: string, options: MergeCommandOptions, io: CliIo): Promise<void> {
  const seed = options.seed === undefined ? 0 : Number(options.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${JSON.stringify(options.seed)}`);
  const bar = options.progress === false ? null : new SingleBar({ stream: process.stderr, format: 'merging [{bar}] {value}/{total} tensors | {tensor}', hideCursor: true });
  let started = false;
  const t0 = Date.now();
  try {
    const summary = await mergeRecipeFile(recipeFile, options.out, {
      seed,
      onProgress: (p) => {
        if (!bar) return;
        if (!started) {
          bar.start(p.total, 0, { tensor: '' });
          started = true;
        }
        bar.update(p.done, { tensor: p.tensor });
      },
    });
    bar?.stop();
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    io.out(`merged ${summary.inputs.length} models into ${summary.outDir}: ${summary.tensors} tensors, ${summary.parameters.toLocaleString('en-US')} parameters, in ${seconds} s\n`);
  } catch (err) {
    bar?.stop();
    if (err instanceof RecipeError) throw new UsageError(err.message, { cause: err });
    throw new CliFailure((err as Error).message, { cause: err });
  }
}

/** Adds `merge` to the program. */
export function registerMergeCommand(program: Command, io: CliIo): void {
  program
    .command('merge')
    .description('combine fine-tuned checkpoints into one without training: linear, task arithmetic, TIES, DARE, SLERP, model stock (mergekit YAML recipes)')
    .argument('<recipe>', 'mergekit-style YAML recipe (model paths relative to it)')
    .requiredOption('--out <dir>', 'checkpoint directory to write (config.json, model.safetensors, tokenizer.json)')
    .option('--seed <n>', "seed of DARE's random drop masks", '0')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText('after', mergeHelpText())
    .action((recipe: string, options: MergeCommandOptions) => mergeCommand(recipe, options, io));
}
