/**
 * Where `ftheta edit` gets ROME's and MEMIT's key statistics C = E[k·kᵀ]: the text (--stats-data
 * FILE tokenized with the model's tokenizer, else the fact model's own training text when the
 * model has fact-base.json) and the on-disk cache (--stats-cache, else
 * $XDG_CACHE_HOME/ftheta/edit-stats, else ~/.cache/ftheta/edit-stats).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type FactBaseFile, keyStatisticsText } from '@ftheta/editing';
import type { Tokenizer } from '@ftheta/tokenizer';
import { UsageError } from '../errors';

/** The statistics text as token ids, and where it came from (for messages and edit.json). */
export interface StatsText {
  tokens: Int32Array;
  source: string;
}

/**
 * The token ids C is estimated from (see the module).
 * @throws UsageError naming --stats-data when it cannot be read, is empty, or is needed and missing.
 */
export async function statsText(statsData: string | undefined, fact: FactBaseFile | null, tokenizer: Tokenizer): Promise<StatsText> {
  if (statsData !== undefined) {
    const text = await readFile(statsData, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--stats-data ${statsData}: cannot read (${err.code ?? err.message})`);
    });
    const tokens = Int32Array.from(tokenizer.encode(text, { disallowedSpecial: [] }));
    if (tokens.length < 2) throw new UsageError(`--stats-data ${statsData}: the file holds no text`);
    return { tokens, source: statsData };
  }
  if (fact) return { tokens: Int32Array.from(tokenizer.encode(keyStatisticsText(fact.base, fact.records), { disallowedSpecial: [] })), source: `the fact base's text (keyStatisticsText${fact.records ? ', with record lines' : ''})` };
  throw new UsageError('--stats-data FILE is required: the model has no fact-base.json, and ROME/MEMIT need text like its training data to estimate the key statistics (or use --method ft)');
}

/** The cache directory: the flag, else $XDG_CACHE_HOME/ftheta/edit-stats, else ~/.cache/ftheta/edit-stats. */
export function statsCacheDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'ftheta', 'edit-stats');
}
