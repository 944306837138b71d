/** What generate() reports: per-token events while it runs, and a result per sequence. */

/** Why a sequence ended. */
export type FinishReason = 'eos' | 'stop-string' | 'max-tokens' | 'aborted' | 'context-limit';

/** Budget forcing's account of the thinking section (see GenerateOptions.thinking). */
export interface ThinkingReport {
  /** Tokens generated inside the thinking section (appended "Wait" tokens included, markers not). */
  tokens: number;
  /** How many times the model tried to end thinking too early and waitText was appended instead. */
  waits: number;
  /** True when the maximum was reached and the end marker + answer prefix were force-fed. */
  forcedEnd: boolean;
  /** True once the thinking section has ended (by the model or forced). */
  ended: boolean;
}

/** The outcome for one prompt. */
export interface SequenceResult {
  /** The prompt's ids. */
  promptIds: number[];
  /** The generated ids (an end token, when that is why it stopped, included). */
  ids: number[];
  /**
   * The generated text (with a tokenizer): end tokens are not decoded, and with a stop string the
   * text ends right before it. Equals the concatenation of the streamed `text` pieces.
   */
  text?: string;
  finishReason: FinishReason;
  /** The stop string that ended it (finishReason 'stop-string'). */
  stopString?: string;
  /**
   * With `logprobs: true`: per generated id, its log-probability under the model (log-softmax of
   * the raw last-position logits, before any processor), forced ids included.
   */
  logprobs?: number[];
  /** With `thinking`: the thinking section's length and how often "Wait" was appended. */
  thinking?: ThinkingReport;
}

/** One generated token. */
export interface TokenEvent {
  type: 'token';
  /** Which prompt (batch row) it belongs to. */
  row: number;
  /** Position among that row's generated ids (0-based). */
  index: number;
  id: number;
  /** The text this token makes visible (possibly '': half a character, or a possible stop string). */
  text: string;
  /** True when the token was force-fed (budget forcing), not sampled. */
  forced: boolean;
  /** Its log-probability, with `logprobs: true`. */
  logprob?: number;
}

/** A sequence ended. `text` is whatever text was still held back (usually ''). */
export interface FinishEvent {
  type: 'finish';
  row: number;
  text: string;
  result: SequenceResult;
}

export type GenerateEvent = TokenEvent | FinishEvent;
