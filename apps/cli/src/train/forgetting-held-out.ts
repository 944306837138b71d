/**
 * `ftheta train --forgetting FILE`: held-out text of the original task as a fixed list of batches
 * (consecutive windows from the start of the file), evaluated before and after fine-tuning with
 * the trainer's forgettingReport, printed and saved as DIR/forgetting.json.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CausalLM } from '@ftheta/core-model';
import type { Tokenizer } from '@ftheta/tokenizer';
import { type Batch, type ForgettingReport, forgettingReport, formatForgettingReport, heldOutLoss as evaluateHeldOut, orderedWindows, type TokenArray, tokenizeCorpus } from '@ftheta/trainer/node';
import { UsageError } from '../errors';

/** Held-out batches and what they came from. */
export interface HeldOutText {
  file: string;
  tokens: number;
  batches: Batch[];
}

/** At most this many batches (the report stays quick on long files). */
export const MAX_FORGETTING_BATCHES = 8;

/**
 * Reads and tokenizes `file` into up to {@link MAX_FORGETTING_BATCHES} batches of `batchSize`
 * non-overlapping windows of `ctx` tokens (the last batch may be smaller).
 * @throws UsageError naming --forgetting and the file: unreadable, not encodable by the tokenizer, or shorter than ctx + 1 tokens.
 */
export async function readHeldOutText(file: string, tokenizer: Tokenizer, ctx: number, batchSize: number): Promise<HeldOutText> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--forgetting ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  let tokens: TokenArray;
  try {
    tokens = tokenizeCorpus(text, tokenizer);
  } catch (err) {
    throw new UsageError(`--forgetting ${file}: cannot be tokenized with the checkpoint's tokenizer (${(err as Error).message})`);
  }
  if (tokens.length < ctx + 1) throw new UsageError(`--forgetting ${file}: ${tokens.length} tokens is too little for one window of context ${ctx} (needs ${ctx + 1})`);
  // The first MAX_FORGETTING_BATCHES batches' worth of windows, in order.
  const used = tokens.subarray(0, Math.min(tokens.length, MAX_FORGETTING_BATCHES * batchSize * ctx + 1));
  const batches = [...orderedWindows(used, { seqLen: ctx, batchSize }).batches()];
  return { file, tokens: tokens.length, batches };
}

/** Mean loss and perplexity of `model` on the held-out batches (the "before" line at the start of a run), as forgettingReport computes them. */
export function heldOutLoss(model: CausalLM, heldOut: HeldOutText): { loss: number; ppl: number } {
  const r = evaluateHeldOut(model, heldOut.batches);
  return { loss: r.valLoss, ppl: r.valPpl };
}

/** The report of `before` vs `after` on the held-out text (task "held-out"). */
export function heldOutReport(before: CausalLM, after: CausalLM, heldOut: HeldOutText): ForgettingReport {
  return forgettingReport({ before, after, heldOut: heldOut.batches });
}

/** What DIR/forgetting.json holds. */
export interface ForgettingFile extends ForgettingReport {
  format: 'ftheta-forgetting-report';
  version: 1;
  heldOut: { file: string; tokens: number; batches: number; windows: number; seqLen: number };
  /** Which model "after" is (full fine-tune or the LoRA adapter) and the step it reached. */
  after: { kind: 'full' | 'lora'; step: number };
}

/** Prints the report table and writes it as JSON to `dir/forgetting.json` (temp file + rename); returns the path. */
export async function saveForgettingReport(dir: string, heldOut: HeldOutText, report: ForgettingReport, after: ForgettingFile['after']): Promise<{ path: string; table: string }> {
  const file: ForgettingFile = {
    format: 'ftheta-forgetting-report',
    version: 1,
    heldOut: {
      file: path.resolve(heldOut.file),
      tokens: heldOut.tokens,
      batches: heldOut.batches.length,
      windows: heldOut.batches.reduce((n, b) => n + b.batchSize, 0),
      seqLen: heldOut.batches[0]!.seqLen,
    },
    after,
    ...report,
  };
  const target = path.join(dir, 'forgetting.json');
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  return { path: target, table: formatForgettingReport(report) };
}
