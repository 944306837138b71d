/**
 * Byte-level BPE training, compatible with Hugging Face's BpeTrainer.
 *
 * 1. Split every text with the pre-tokenizer regex (GPT-2's by default) and count each distinct
 *    piece ("word"); special tokens' text separates pieces and is not learned.
 * 2. Start from the 256 bytes (ids 0..255, in byte order); index every adjacent pair.
 * 3. Repeatedly merge the most frequent pair into a new token (ids 256, 257, ...) and update only
 *    the pairs next to each merge site (./bpe-merger.ts), until the vocabulary (bytes + learned +
 *    specials) reaches `vocabSize` or no pair occurs `minFrequency` times.
 * 4. Special tokens get the ids after the learned tokens.
 *
 * Ties between pairs of equal count: the pair whose tokens come first in HF's vocabulary order
 * (./tie-rank.ts), so on the same words the merges are HF's, in HF's order.
 */
import type { BpeSpec } from '../bpe';
import { BpeMerger } from './bpe-merger';
import { countWords } from './count-words';
import { resolveTrainOptions, type ResolvedTrainOptions, type TrainBpeOptions, type TrainProgress } from './train-options';
import { TrainingAbortedError } from './training-aborted-error';

/** Merges between two yields of the training generator. */
const MERGES_PER_YIELD = 512;

/**
 * Trains a byte-level BPE on `text` (one string, or many: each is split on its own, e.g. lines or
 * documents) and returns its spec; `new BytePairTokenizer(spec)` encodes with it and
 * `toTokenizerJson(spec)` saves it for Hugging Face.
 *
 * Synchronous: `options.signal` can only be aborted from `onProgress` while it runs. To abort from a
 * timer or a signal handler (Ctrl-C), use {@link trainBpeAsync}.
 *
 * @throws TypeError / RangeError / SyntaxError for invalid options, naming the option;
 *   {@link TrainingAbortedError} when aborted.
 */
export function trainBpe(text: string | Iterable<string>, options: TrainBpeOptions): BpeSpec {
  const steps = trainSteps(text, resolveTrainOptions(options));
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link trainBpe} that gives the event loop a turn about every `yieldEveryMs` milliseconds (default
 * 50), so timers, I/O and signal handlers (an AbortController on SIGINT) run during training.
 * Slower than trainBpe by the cost of those turns, a few percent.
 */
export async function trainBpeAsync(
  text: string | Iterable<string>,
  options: TrainBpeOptions & { yieldEveryMs?: number },
): Promise<BpeSpec> {
  const every = options.yieldEveryMs ?? 50;
  const steps = trainSteps(text, resolveTrainOptions(options));
  let last = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - last >= every) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      last = performance.now();
    }
  }
}

/** The training itself, as a generator that yields now and then (where async callers may pause). */
function* trainSteps(text: string | Iterable<string>, o: ResolvedTrainOptions): Generator<void, BpeSpec, void> {
  const report = (merges: number, phase: TrainProgress['phase']): void => o.onProgress?.({ merges, target: o.target, phase });
  const checkAbort = (merges: number, phase: string): void => {
    if (o.signal?.aborted) throw new TrainingAbortedError(merges, o.target, phase, o.signal.reason);
  };

  checkAbort(0, 'count');
  report(0, 'count');
  const counts = new Map<string, number>();
  for (const _ of countWords(text, o.preTokenizer, o.specialTokens, counts)) {
    checkAbort(0, 'count');
    yield;
  }

  checkAbort(0, 'pairs');
  report(0, 'pairs');
  const merger = new BpeMerger(counts, o.vocabSize);
  counts.clear();
  merger.countPairs();
  checkAbort(0, 'pairs');
  yield;

  report(0, 'merge');
  const every = Math.max(1, Math.floor(o.target / 100));
  let sinceYield = 0;
  while (merger.learned < o.target) {
    checkAbort(merger.learned, 'merge');
    const p = merger.nextPair(o.minFrequency);
    if (p < 0) break;
    const before = merger.learned;
    merger.merge(p);
    if (merger.learned !== before && merger.learned % every === 0) report(merger.learned, 'merge');
    if (++sinceYield === MERGES_PER_YIELD) {
      sinceYield = 0;
      yield;
    }
  }

  const tokens: (Uint8Array | undefined)[] = merger.tokens;
  const specialTokens: Record<string, number> = {};
  o.specialTokens.forEach((s, i) => {
    specialTokens[s] = tokens.length + i;
  });
  report(merger.learned, 'done');
  return { name: o.name, tokens, merges: merger.merges, pattern: o.pattern, specialTokens };
}
