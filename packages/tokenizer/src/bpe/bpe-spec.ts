/**
 * The one description of a byte-level BPE tokenizer that every source converts to: tiktoken rank
 * files, Hugging Face tokenizer.json, the BPE trainer.
 */

/** A byte-level BPE tokenizer as plain data. */
export interface BpeSpec {
  /** A short name (an encoding name or the file it came from); errors name it. */
  name: string;
  /** id -> token bytes for every ordinary (non-special) id; holes allowed (undefined). */
  tokens: (Uint8Array | undefined)[];
  /**
   * Merge rules in priority order: [leftId, rightId, resultId]. Omitted = tiktoken rule: any
   * adjacent pair (a,b) whose bytes concatenated are a token c merges, lowest id c first.
   */
  merges?: [number, number, number][];
  /** Pre-tokenizer regex source (tiktoken pat_str / HF Split pattern), matched with flags 'gu'. */
  pattern: string;
  /** Special token text -> id (ids outside `tokens` or in its holes). */
  specialTokens: Record<string, number>;
}
