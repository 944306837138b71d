/**
 * fact-base.json, the file beside a fact model's checkpoint: the options that regenerate its fact
 * base, and whether its training text had the record lines — so that anyone holding the
 * checkpoint can rebuild the base, its evaluation cases and the text its key statistics come from.
 */
import { type FactBase, type FactBaseOptions, factBase } from './fact-base';

/** The file's name beside the checkpoint. */
export const FACT_BASE_FILE = 'fact-base.json';

/** What fact-base.json holds. */
export interface FactBaseJson extends Required<FactBaseOptions> {
  format: 'ftheta-fact-base';
  /** The training text had the record lines (see recordLines). */
  records: boolean;
}

/** The parsed file: the regenerated base, its options, and the text option. */
export interface FactBaseFile {
  base: FactBase;
  options: Required<FactBaseOptions>;
  records: boolean;
}

/** The file's JSON for a base made with `options` (and trained with or without record lines). */
export function factBaseJson(options: Required<FactBaseOptions>, records: boolean): FactBaseJson {
  return { format: 'ftheta-fact-base', seed: options.seed, subjects: options.subjects, shareFirstName: options.shareFirstName, records };
}

/**
 * Checks and reads fact-base.json's content (`source` names it in errors).
 * @throws Error naming the source and the field at fault.
 */
export function parseFactBaseJson(json: unknown, source = FACT_BASE_FILE): FactBaseFile {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${source}: expected a JSON object`);
  const o = json as Record<string, unknown>;
  if (o.format !== 'ftheta-fact-base') throw new Error(`${source}: "format" must be "ftheta-fact-base", got ${JSON.stringify(o.format)}`);
  for (const k of ['seed', 'subjects', 'shareFirstName'] as const) {
    if (typeof o[k] !== 'number' || !Number.isFinite(o[k])) throw new Error(`${source}: "${k}" must be a number, got ${JSON.stringify(o[k])}`);
  }
  if (o.records !== undefined && typeof o.records !== 'boolean') throw new Error(`${source}: "records" must be true or false, got ${JSON.stringify(o.records)}`);
  const options = { seed: o.seed as number, subjects: o.subjects as number, shareFirstName: o.shareFirstName as number };
  return { base: factBase(options), options, records: o.records === true };
}
