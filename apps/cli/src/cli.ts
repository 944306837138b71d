/** The `ftheta` program: commands, exit codes and error reporting, independent of the process. */
import { Command, CommanderError } from 'commander';
import { registerBackendCommand } from './commands/backend';
import { registerBenchCommand } from './commands/bench';
import { registerDemoCommand } from './commands/demo';
import { registerEditCommand } from './commands/edit';
import { registerFactsCommand } from './commands/facts';
import { registerGenerateCommand } from './commands/generate';
import { registerInfoCommand } from './commands/info';
import { registerLogitsCommand } from './commands/logits';
import { registerMergeCommand } from './commands/merge';
import { registerTokenizeCommand } from './commands/tokenize';
import { registerTokenizerCommand } from './commands/tokenizer-train';
import { registerTraceCommand } from './commands/trace';
import { registerTrainCommand } from './commands/train';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE, UsageError } from './errors';
import { type CliIo, processIo } from './io';
import { CLI_VERSION } from './version';

/** Builds the commander program, writing through `io` and throwing instead of exiting. */
export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('ftheta')
    .description('ftheta: tokens in, a next-token distribution out; one binary over every ftheta package')
    .version(CLI_VERSION, '-V, --version', 'print the ftheta version')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerBackendCommand(program, io);
  registerBenchCommand(program, io);
  registerDemoCommand(program, io);
  registerEditCommand(program, io);
  registerFactsCommand(program, io);
  registerGenerateCommand(program, io);
  registerInfoCommand(program, io);
  registerLogitsCommand(program, io);
  registerMergeCommand(program, io);
  registerTokenizeCommand(program, io);
  registerTokenizerCommand(program, io);
  registerTraceCommand(program, io);
  registerTrainCommand(program, io);
  return program;
}

/**
 * Runs `ftheta` with `args` (without node and script path) and returns the exit code: 0 on success
 * (and for --help / --version), 2 for usage errors, 1 for failures. User mistakes are printed as
 * one line, without a stack (set FTHETA_DEBUG=1 to see stacks of unexpected errors).
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE; // commander printed it
    if (err instanceof UsageError) {
      io.err(`ftheta: error: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`ftheta: error: ${message}\n`);
    if (!(err instanceof CliFailure) && process.env.FTHETA_DEBUG && err instanceof Error) io.err(`${err.stack}\n`);
    return EXIT_FAILURE;
  }
}
