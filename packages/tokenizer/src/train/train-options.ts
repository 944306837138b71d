/**
 * The options of the BPE trainer, and their checks: a bad option fails before any work, with a
 * message that says which option, what it must be and what it was.
 */
import { GPT2_PATTERN, PreTokenizer } from '../pretokenize';

/** What {@link TrainBpeOptions.onProgress} receives. */
export interface TrainProgress {
  /** Merges learned so far. */
  merges: number;
  /** Merges wanted: vocabSize - 256 - specialTokens.length. */
  target: number;
  /** 'count' (splitting and counting words), 'pairs' (indexing pairs), 'merge', or 'done'. */
  phase: 'count' | 'pairs' | 'merge' | 'done';
}

/** Options of `trainBpe` / `trainBpeAsync`. */
export interface TrainBpeOptions {
  /**
   * Vocabulary size, counting the 256 byte tokens and the special tokens (as HF's BpeTrainer
   * counts vocab_size with its initial alphabet and special tokens). Training stops earlier when no
   * pair is left that occurs at least `minFrequency` times.
   */
  vocabSize: number;
  /** A pair must occur at least this many times (over all words, with their counts) to be merged. Default 2. */
  minFrequency?: number;
  /** Special tokens, given ids after all learned tokens, in this order. Their text in the training data separates words and is not learned. */
  specialTokens?: string[];
  /**
   * Pre-tokenizer regex source, matched with flags 'gu' (tiktoken / HF syntax such as `(?i:...)` is
   * translated). Default GPT-2's.
   */
  pattern?: string;
  /** Name of the resulting spec. Default 'bpe'. */
  name?: string;
  /** Called at each phase change and at least every 1% of the target merges. */
  onProgress?: (progress: TrainProgress) => void;
  /** Aborts training: it then throws a {@link TrainingAbortedError}. */
  signal?: AbortSignal;
}

/** The options with defaults filled in and everything checked. */
export interface ResolvedTrainOptions {
  vocabSize: number;
  minFrequency: number;
  specialTokens: string[];
  pattern: string;
  preTokenizer: PreTokenizer;
  name: string;
  onProgress: ((progress: TrainProgress) => void) | undefined;
  signal: AbortSignal | undefined;
  /** Merges wanted. */
  target: number;
}

/** Checks `options` (throwing a TypeError or RangeError that names the option) and fills defaults. */
export function resolveTrainOptions(options: TrainBpeOptions): ResolvedTrainOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('trainBpe: options must be an object with at least { vocabSize }');
  const specialTokens = options.specialTokens ?? [];
  if (!Array.isArray(specialTokens)) throw new TypeError(`trainBpe: specialTokens must be an array of strings, got ${String(specialTokens)}`);
  const seen = new Set<string>();
  specialTokens.forEach((s, i) => {
    if (typeof s !== 'string' || s.length === 0) throw new TypeError(`trainBpe: specialTokens[${i}] must be a non-empty string, got ${JSON.stringify(s)}`);
    if (seen.has(s)) throw new RangeError(`trainBpe: specialTokens[${i}] ${JSON.stringify(s)} is listed twice`);
    seen.add(s);
  });
  const { vocabSize } = options;
  const least = 256 + specialTokens.length;
  if (typeof vocabSize !== 'number' || !Number.isInteger(vocabSize) || vocabSize < least) {
    throw new RangeError(
      `trainBpe: vocabSize must be an integer of at least 256 byte tokens + ${specialTokens.length} special tokens = ${least}, got ${String(vocabSize)}`,
    );
  }
  if (vocabSize > 2 ** 24) throw new RangeError(`trainBpe: vocabSize must be at most ${2 ** 24}, got ${vocabSize}`);
  const minFrequency = options.minFrequency ?? 2;
  if (typeof minFrequency !== 'number' || !Number.isInteger(minFrequency) || minFrequency < 1) {
    throw new RangeError(`trainBpe: minFrequency must be an integer ≥ 1, got ${String(minFrequency)}`);
  }
  const pattern = options.pattern ?? GPT2_PATTERN;
  if (typeof pattern !== 'string') throw new TypeError(`trainBpe: pattern must be a regex source string, got ${String(pattern)}`);
  let preTokenizer: PreTokenizer;
  try {
    preTokenizer = new PreTokenizer(pattern);
  } catch (err) {
    throw new SyntaxError(`trainBpe: pattern ${JSON.stringify(pattern)} is not a usable pre-tokenizer regex: ${(err as Error).message}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new TypeError('trainBpe: onProgress must be a function');
  }
  return {
    vocabSize,
    minFrequency,
    specialTokens: [...specialTokens],
    pattern,
    preTokenizer,
    name: options.name ?? 'bpe',
    onProgress: options.onProgress,
    signal: options.signal,
    target: vocabSize - least,
  };
}
