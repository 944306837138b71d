/**
 * Pretraining on documents: every document followed by an end token, all concatenated, cut into
 * fixed windows that are visited in a seeded order per epoch.
 */
import { type Batch, type BatchSource, type BatchSourceState, checkPositiveInt, checkSeed, checkState, stateInt } from './batch';
import { EpochOrder } from './epoch-order';

/** Options of {@link packedSequences}. */
export interface PackedSequencesOptions {
  seqLen: number;
  batchSize: number;
  seed: number;
  /** The end-of-document id appended after every document (e.g. `<|endoftext|>`). */
  eosId: number;
}

const KIND = 'packed-sequences';

/**
 * A {@link BatchSource} over `docs` packed GPT-style: the stream d0 eos d1 eos ... is cut into
 * windows k = 0..W-1 with inputs s[kT : kT+T] and targets s[kT+1 : kT+T+1] (W = floor((L-1)/T),
 * so every token is a target at most once per epoch; the tail that does not fill a window is
 * dropped). Windows are visited in a seeded random order per epoch; batches run across epoch
 * boundaries. Mask null: every target counts, the end token included (the model learns to stop).
 * Attention is not blocked at document boundaries (as in nanoGPT / GPT-2 pretraining).
 * The stream is stored once, as a Uint16Array when every id < 65536, else a Uint32Array.
 */
export function packedSequences(docs: readonly ArrayLike<number>[], options: PackedSequencesOptions): BatchSource {
  const seqLen = checkPositiveInt('packedSequences: seqLen', options.seqLen);
  const batchSize = checkPositiveInt('packedSequences: batchSize', options.batchSize);
  const seed = checkSeed('packedSequences: seed', options.seed);
  const eosId = options.eosId;
  if (!Number.isSafeInteger(eosId) || eosId < 0) throw new RangeError(`packedSequences: eosId must be a non-negative integer, got ${eosId}`);
  let length = 0;
  let max = eosId;
  docs.forEach((doc, d) => {
    for (let i = 0; i < doc.length; i++) {
      const id = doc[i]!;
      if (!Number.isSafeInteger(id) || id < 0) throw new RangeError(`packedSequences: docs[${d}][${i}] is ${id}, not a token id`);
      if (id > max) max = id;
    }
    length += doc.length + 1;
  });
  const stream = max < 65536 ? new Uint16Array(length) : new Uint32Array(length);
  let at = 0;
  for (const doc of docs) {
    stream.set(doc, at);
    at += doc.length;
    stream[at++] = eosId;
  }
  const windows = Math.floor((length - 1) / seqLen);
  if (windows < 1) throw new RangeError(`packedSequences: ${length} tokens (documents + end tokens) do not fill one window of seqLen ${seqLen} (+1)`);
  const order = new EpochOrder(windows, seed);
  const fixed = { tokens: length, docs: docs.length, batchSize, seqLen };
  return {
    next(): Batch {
      const inputs = new Int32Array(batchSize * seqLen);
      const targets = new Int32Array(batchSize * seqLen);
      for (let b = 0; b < batchSize; b++) {
        const i = order.next() * seqLen;
        inputs.set(stream.subarray(i, i + seqLen), b * seqLen);
        targets.set(stream.subarray(i + 1, i + seqLen + 1), b * seqLen);
      }
      return { inputs, targets, mask: null, batchSize, seqLen };
    },
    state: (): BatchSourceState => ({ kind: KIND, ...fixed, epoch: order.epoch, cursor: order.cursor }),
    restore(state: BatchSourceState): void {
      checkState(KIND, state, fixed);
      order.seek(stateInt(KIND, state, 'epoch'), stateInt(KIND, state, 'cursor'));
    },
  };
}
