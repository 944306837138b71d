/** Splits a batch's rows into shards for data-parallel gradients, with each shard's counted tokens. */
import type { Batch } from '../data';

/** One shard: a batch of consecutive rows and the number of targets its loss counts. */
export interface Shard {
  /** The rows (fresh arrays: safe to transfer to another thread). */
  batch: Batch;
  /** First row of the shard in the full batch. */
  row: number;
  /** Counted targets: the mask's sum over the shard, or rows·seqLen without a mask. */
  tokens: number;
}

/**
 * Splits `batch` into at most `shards` shards of consecutive rows, as even as possible (row counts
 * differ by at most one, larger shards first; rows, not tokens, are balanced). A batch with fewer
 * rows than `shards` gives one shard per row. Shards whose mask counts no target are dropped (they
 * add nothing to the mean loss or its gradient), so the result may be empty when the mask is all 0.
 * @throws Error naming `shards` when it is not a positive integer.
 */
export function shardRows(batch: Batch, shards: number): Shard[] {
  if (!(Number.isSafeInteger(shards) && shards > 0)) throw new Error(`shardRows: shards must be a positive integer, got ${shards}`);
  const { batchSize: B, seqLen: T } = batch;
  const n = Math.min(shards, B);
  const base = Math.floor(B / n);
  const extra = B % n;
  const out: Shard[] = [];
  let row = 0;
  for (let s = 0; s < n; s++) {
    const rows = base + (s < extra ? 1 : 0);
    const a = row * T;
    const b = (row + rows) * T;
    const mask = batch.mask ? batch.mask.slice(a, b) : null;
    let tokens = rows * T;
    if (mask) {
      tokens = 0;
      for (let i = 0; i < mask.length; i++) tokens += mask[i];
    }
    if (tokens !== 0) {
      out.push({ batch: { inputs: batch.inputs.slice(a, b), targets: batch.targets.slice(a, b), mask, batchSize: rows, seqLen: T }, row, tokens });
    }
    row += rows;
  }
  return out;
}
