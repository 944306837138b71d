/** `ftheta bench <scenario>`: run a benchmark scenario and write `<out>/<scenario>.json`. */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { machineInfo } from '../bench/machine';
import type { BenchScenario } from '../bench/scenario';
import { listScenarios } from '../bench/scenarios';
import { baseVersions } from '../bench/versions';
import { writeJsonAtomic } from '../bench/write-json-atomic';
import { UsageError } from '../errors';
import type { CliIo } from '../io';

/** Options of `ftheta bench`. */
export interface BenchCommandOptions {
  quick?: boolean;
  /** Output directory; default `bench/results` under the current working directory. */
  out?: string;
}

/** Default output directory, relative to the current working directory. */
export const DEFAULT_BENCH_OUT = path.join('bench', 'results');

async function checkOutDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${JSON.stringify(dir)} exists and is not a directory`);
}

/**
 * Runs scenario `name` (looked up in `scenarios`, the registry by default) and writes its JSON
 * atomically; returns the path written. Progress goes to stderr, the headline ratios and the path
 * to stdout.
 */
export async function benchCommand(
  name: string,
  options: BenchCommandOptions,
  io: CliIo,
  scenarios: readonly BenchScenario[] = listScenarios(),
): Promise<string> {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) {
    const known = scenarios.map((s) => s.name).join(', ');
    throw new UsageError(`unknown bench scenario ${JSON.stringify(name)}; known scenarios: ${known}`);
  }
  const outDir = path.resolve(options.out ?? DEFAULT_BENCH_OUT);
  await checkOutDir(outDir);
  const quick = options.quick ?? false;
  const progress = (message: string) => io.err(`[bench ${scenario.name}] ${message}\n`);
  progress(`${quick ? 'quick run' : 'full run'}, writing to ${outDir}`);

  const started = performance.now();
  const date = new Date().toISOString();
  const machine = machineInfo();
  const { summary, versions, ...rest } = await scenario.run({ quick, progress });
  const result = {
    scenario: scenario.name,
    summary,
    date,
    quick,
    durationSec: Math.round((performance.now() - started) / 100) / 10,
    machine: { ...machine, loadAverage1mAtEnd: Math.round(os.loadavg()[0] * 100) / 100 },
    versions: { ...baseVersions(), ...versions },
    ...rest,
  };
  const file = path.join(outDir, `${scenario.name}.json`);
  await writeJsonAtomic(file, result);
  io.out(`${JSON.stringify({ scenario: scenario.name, file, summary }, null, 2)}\n`);
  return file;
}

/** Adds `bench` to the program. */
export function registerBenchCommand(program: Command, io: CliIo): void {
  const scenarios = listScenarios()
    .map((s) => `  ${s.name.padEnd(12)} ${s.description}`)
    .join('\n');
  program
    .command('bench')
    .description('run a benchmark scenario; writes <out>/<scenario>.json (ratios first, absolute figures second)')
    .argument('<scenario>', `scenario to run (${listScenarios().map((s) => s.name).join(', ')})`)
    .option('--quick', 'a few seconds: fewer sizes and repetitions (for tests, not for quoting)')
    .option('--out <dir>', 'output directory', DEFAULT_BENCH_OUT)
    .addHelpText('after', `\nScenarios:\n${scenarios}\n\nExamples:\n  $ ftheta bench matmul\n  $ ftheta bench matmul --quick --out /tmp/results`)
    .action((name: string, options: BenchCommandOptions) => benchCommand(name, options, io).then(() => {}));
}
