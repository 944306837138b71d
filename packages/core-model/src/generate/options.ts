/**
 * generate()'s options, their defaults, and their validation: every option is checked and a bad
 * value throws a GenerateOptionError naming it (a temperature <= 0 that is silently accepted is a bug;
 * exactly 0 is accepted and means greedy).
 */
import type { ThinkingOptions } from '../scaling/thinking-options';
import type { FinishEvent, TokenEvent } from './events';
import { GenerateOptionError, checkNumber, checkTokenIds } from './option-error';
import type { LogitsProcessor } from './processors/logits-processor';
import { minPProcessor } from './processors/min-p';
import { repetitionPenaltyProcessor } from './processors/repetition-penalty';
import { suppressTokensProcessor } from './processors/suppress-tokens';
import { temperatureProcessor } from './processors/temperature';
import { topKProcessor } from './processors/top-k';
import { topPProcessor } from './processors/top-p';

export interface GenerateOptions {
  /** Most tokens to generate per sequence (forced tokens count). Integer >= 0; default 128. */
  maxNewTokens?: number;
  /** End tokens are banned until this many tokens were generated. Integer >= 0; default 0. */
  minNewTokens?: number;
  /**
   * Sampling temperature: > 0 samples from softmax(logits / temperature); exactly 0 means greedy
   * (argmax; topK/topP/minP then change nothing). Default 1.
   */
  temperature?: number;
  /** Keep only the k most likely tokens. Integer >= 1; default: off. */
  topK?: number;
  /** Nucleus sampling, 0 < topP <= 1; default 1 (off). */
  topP?: number;
  /** Drop tokens below minP × the top probability, 0 <= minP < 1; default 0 (off). */
  minP?: number;
  /** CTRL repetition penalty over prompt and output, > 0; default 1 (off). */
  repetitionPenalty?: number;
  /** Ids that are never sampled. */
  suppressTokens?: readonly number[];
  /** Extra processors, run after the built-in penalties and bans and before temperature/top-k/top-p/min-p. */
  processors?: readonly LogitsProcessor[];
  /**
   * Seed for sampling (integer; its low 32 bits are used). Same seed, same backend, same output.
   * Row r of a batch samples with its own generator derived from (seed, r). Default: random.
   */
  seed?: number;
  /**
   * End token id(s): generation stops after one (it stays in `ids`, not in `text`). Default: the
   * model config's `eos_token_id`, else the tokenizer's '<|endoftext|>' if it has one. [] disables.
   */
  eosTokenId?: number | readonly number[];
  /** Stop strings, found in the decoded text (across token boundaries); they are cut from `text`. Needs a tokenizer. */
  stop?: readonly string[];
  /** Aborting ends every unfinished sequence with finishReason 'aborted'. */
  signal?: AbortSignal;
  /** Report each token's log-probability (result.logprobs and TokenEvent.logprob). */
  logprobs?: boolean;
  /** Called for every token, in order (rows of a batch interleave step by step). */
  onToken?: (event: TokenEvent) => void;
  /** Called when a sequence ends. */
  onFinish?: (event: FinishEvent) => void;
  /** Budget forcing (s1): a thinking section with minimum and maximum lengths. */
  thinking?: ThinkingOptions;
  /** Special tokens allowed in a text prompt (passed to tokenizer.encode). Default 'all'. */
  allowedSpecial?: 'all' | readonly string[];
}

/** Options after validation, with defaults filled in. */
export interface ResolvedGenerateOptions {
  maxNewTokens: number;
  /** Null means greedy. */
  seed: number | null;
  eosTokenIds: number[];
  stop: string[];
  /** Penalties and bans (applied before greedy or sampling). */
  adjusters: LogitsProcessor[];
  /** Temperature, top-k, top-p, min-p (sampling only). */
  warpers: LogitsProcessor[];
}

const KNOWN = new Set<string>([
  'maxNewTokens', 'minNewTokens', 'temperature', 'topK', 'topP', 'minP', 'repetitionPenalty', 'suppressTokens',
  'processors', 'seed', 'eosTokenId', 'stop', 'signal', 'logprobs', 'onToken', 'onFinish', 'thinking', 'allowedSpecial',
]);

/** Validates `options` against the vocabulary and builds the processor chain. */
export function resolveGenerateOptions(
  options: GenerateOptions,
  env: { vocabSize: number; defaultEos: number[]; hasTokenizer: boolean },
): ResolvedGenerateOptions {
  if (options === null || typeof options !== 'object') throw new GenerateOptionError('options', options, 'an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new GenerateOptionError(key, (options as Record<string, unknown>)[key], 'a known option (unknown option name)');
  }
  const maxNewTokens = options.maxNewTokens ?? 128;
  checkNumber('maxNewTokens', maxNewTokens, { min: 0, integer: true }, 'an integer >= 0');
  const minNewTokens = options.minNewTokens ?? 0;
  checkNumber('minNewTokens', minNewTokens, { min: 0, integer: true }, 'an integer >= 0');
  const temperature = options.temperature ?? 1;
  checkNumber('temperature', temperature, { min: 0 }, 'a finite number > 0, or exactly 0 for greedy');
  if (options.topK !== undefined) checkNumber('topK', options.topK, { min: 1, integer: true }, 'an integer >= 1');
  if (options.topP !== undefined) checkNumber('topP', options.topP, { min: 0, minExclusive: true, max: 1 }, 'a number with 0 < topP <= 1');
  if (options.minP !== undefined) checkNumber('minP', options.minP, { min: 0, max: 1, maxExclusive: true }, 'a number with 0 <= minP < 1');
  if (options.repetitionPenalty !== undefined) checkNumber('repetitionPenalty', options.repetitionPenalty, { min: 0, minExclusive: true }, 'a number > 0 (1 means no penalty)');
  if (options.seed !== undefined) checkNumber('seed', options.seed, { integer: true }, 'an integer');
  if (options.suppressTokens !== undefined) checkTokenIds('suppressTokens', options.suppressTokens, env.vocabSize);
  let eosTokenIds = env.defaultEos;
  if (options.eosTokenId !== undefined) {
    eosTokenIds = typeof options.eosTokenId === 'number' ? [options.eosTokenId] : (options.eosTokenId as number[]);
    checkTokenIds('eosTokenId', eosTokenIds, env.vocabSize);
  }
  const stop = options.stop ?? [];
  if (!Array.isArray(stop) || !stop.every((s) => typeof s === 'string' && s.length > 0)) throw new GenerateOptionError('stop', stop, 'an array of non-empty strings');
  if (stop.length > 0 && !env.hasTokenizer) throw new GenerateOptionError('stop', stop, 'empty without a tokenizer (stop strings are matched on decoded text)');
  if (options.signal !== undefined && !(typeof options.signal === 'object' && options.signal !== null && 'aborted' in options.signal)) throw new GenerateOptionError('signal', options.signal, 'an AbortSignal');
  for (const name of ['onToken', 'onFinish'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw new GenerateOptionError(name, options[name], 'a function');
  }
  if (options.logprobs !== undefined && typeof options.logprobs !== 'boolean') throw new GenerateOptionError('logprobs', options.logprobs, 'a boolean');
  if (options.processors !== undefined && (!Array.isArray(options.processors) || !options.processors.every((p) => p && typeof p.process === 'function'))) {
    throw new GenerateOptionError('processors', options.processors, 'an array of LogitsProcessor');
  }

  const adjusters: LogitsProcessor[] = [];
  if (options.repetitionPenalty !== undefined && options.repetitionPenalty !== 1) adjusters.push(repetitionPenaltyProcessor(options.repetitionPenalty));
  if (options.suppressTokens?.length) adjusters.push(suppressTokensProcessor(options.suppressTokens));
  if (minNewTokens > 0 && eosTokenIds.length > 0) adjusters.push(suppressTokensProcessor(eosTokenIds, minNewTokens));
  adjusters.push(...(options.processors ?? []));
  const warpers: LogitsProcessor[] = [];
  if (temperature > 0) {
    if (temperature !== 1) warpers.push(temperatureProcessor(temperature));
    if (options.topK !== undefined) warpers.push(topKProcessor(options.topK));
    if (options.topP !== undefined && options.topP !== 1) warpers.push(topPProcessor(options.topP));
    if (options.minP !== undefined && options.minP !== 0) warpers.push(minPProcessor(options.minP));
  }
  const seed = temperature === 0 ? null : (options.seed ?? Math.floor(Math.random() * 2 ** 32));
  return { maxNewTokens, seed, eosTokenIds, stop: [...stop], adjusters, warpers };
}
