/** The contract every `ftheta bench <scenario>` implements (one file per scenario). */

/** What a scenario gets from the bench command. */
export interface BenchContext {
  /** Run in a few seconds (fewer sizes and repetitions), for tests. */
  quick: boolean;
  /** Reports progress (one line, to stderr). */
  progress(message: string): void;
}

/**
 * What a scenario returns. The bench command writes it as
 * `{ scenario, summary, date, quick, durationSec, machine, versions, ...rest }`, so `summary`
 * (the headline ratios) comes first and the absolute figures after it.
 */
export interface ScenarioReport {
  /** Headline ratios (ftheta over its reference); the first thing a reader should see. */
  summary: object;
  /** Versions of what the scenario measured, merged over the bench command's own list. */
  versions: Record<string, string | null>;
  /** Everything else: method, per-case figures, notes. */
  [key: string]: unknown;
}

/** One benchmark scenario. */
export interface BenchScenario {
  /** Name on the command line and of the output file (`<name>.json`). */
  name: string;
  /** One line for `ftheta bench --help`. */
  description: string;
  run(context: BenchContext): Promise<ScenarioReport>;
}
