/** `ftheta backend`: start the tensor backend, say what it can do, and prove it computes. */
import { initBackend } from '@ftheta/backend';
import { type Command, Option } from 'commander';
import { formatBackendInfo } from '../backend/format-backend-info';
import { matmulCheck } from '../backend/matmul-check';
import { CliFailure } from '../errors';
import type { CliIo } from '../io';

/** Backends `--prefer` accepts in Node (webgl needs a browser). */
export const PREFER_CHOICES = ['auto', 'wasm', 'cpu'] as const;

/** Options of `ftheta backend`. */
export interface BackendCommandOptions {
  json?: boolean;
  prefer?: (typeof PREFER_CHOICES)[number];
}

/**
 * Starts the backend, prints BackendInfo (a table, or the BackendInfo object plus `check` with
 * --json) and runs a checked, timed 256×256 matMul. Warnings go to stderr.
 */
export async function backendCommand(options: BackendCommandOptions, io: CliIo): Promise<void> {
  const info = await initBackend({ prefer: options.prefer ?? 'auto', onWarning: () => {} });
  for (const warning of info.warnings) io.err(`warning: ${warning}\n`);
  const check = matmulCheck(256);
  if (options.json) io.out(`${JSON.stringify({ ...info, check }, null, 2)}\n`);
  else io.out(formatBackendInfo(info, check));
  if (!check.ok) {
    throw new CliFailure(
      `matMul check failed on ${check.backend}: max abs error ${check.maxAbsError} exceeds ${check.tolerance}`,
    );
  }
}

/** Adds `backend` to the program. */
export function registerBackendCommand(program: Command, io: CliIo): void {
  program
    .command('backend')
    .description('start the tensor backend, print what it can do, and run a checked, timed 256x256 matMul')
    .option('--json', 'print the BackendInfo object (plus a "check" key) as JSON')
    .addOption(new Option('--prefer <backend>', 'which backend to start').choices(PREFER_CHOICES).default('auto'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ ftheta backend\n  $ ftheta backend --json\n  $ ftheta backend --prefer cpu',
    )
    .action((options: BackendCommandOptions) => backendCommand(options, io));
}
