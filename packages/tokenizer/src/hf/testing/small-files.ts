/**
 * Test-only: a tiny hand-written GPT-2-style byte-level BPE in both file formats. Vocabulary: the
 * 256 bytes (ids 0..255, byte order), then "Ġt" 256, "he" 257, "Ġthe" 258, "in" 259, and the
 * special token <|endoftext|> 260.
 */
import { BYTE_TO_CHAR } from '../byte-level-alphabet';

export const SMALL_MERGES: [string, string][] = [
  ['Ġ', 't'],
  ['h', 'e'],
  ['Ġt', 'he'],
  ['i', 'n'],
];

/** vocab.json's object (with <|endoftext|>, as GPT-2's has it). */
export function smallVocab(): Record<string, number> {
  const vocab: Record<string, number> = {};
  BYTE_TO_CHAR.forEach((c, b) => {
    vocab[c] = b;
  });
  SMALL_MERGES.forEach(([l, r], i) => {
    vocab[l + r] = 256 + i;
  });
  vocab['<|endoftext|>'] = 260;
  return vocab;
}

/** merges.txt's text. */
export function smallMergesTxt(): string {
  return `#version: 0.2\n${SMALL_MERGES.map(([l, r]) => `${l} ${r}`).join('\n')}\n`;
}

/** A tokenizer.json object as HF writes one for GPT-2 (fresh on each call, so tests may mutate it). */
export function smallTokenizerJson(): Record<string, any> {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      { id: 260, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true },
    ],
    normalizer: null,
    pre_tokenizer: { ...byteLevel },
    post_processor: { ...byteLevel, trim_offsets: false },
    decoder: { ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: smallVocab(),
      merges: SMALL_MERGES.map(([l, r]) => `${l} ${r}`),
    },
  };
}
