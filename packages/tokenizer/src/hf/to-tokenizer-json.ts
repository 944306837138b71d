/**
 * Writes a {@link BpeSpec} as a Hugging Face tokenizer.json that the `tokenizers` library loads and
 * that encodes every text to the same ids as ftheta (with special tokens allowed, since HF always
 * splits them out).
 */
import type { BpeSpec } from '../bpe';
import { bytesToByteLevel } from './byte-level-alphabet';
import { GPT2_PATTERN } from '../pretokenize';
import { mergesFromRanks } from './merges-from-ranks';
import { WHOLE_TEXT_PATTERN } from './pipeline-sections';

/** The shape of the tokenizer.json that {@link toTokenizerJson} writes. */
export interface TokenizerJson {
  version: '1.0';
  truncation: null;
  padding: null;
  added_tokens: {
    id: number;
    content: string;
    single_word: false;
    lstrip: false;
    rstrip: false;
    normalized: false;
    special: true;
  }[];
  normalizer: null;
  pre_tokenizer: object;
  post_processor: null;
  decoder: object;
  model: {
    type: 'BPE';
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: false;
    byte_fallback: false;
    ignore_merges: boolean;
    vocab: Record<string, number>;
    merges: string[];
  };
}

/** Options for {@link toTokenizerJson}. */
export interface ToTokenizerJsonOptions {
  /** ByteLevel add_prefix_space. Default: the spec's own `addPrefixSpace` if it has one, else false. */
  addPrefixSpace?: boolean;
}

function byteLevel(addPrefixSpace: boolean, useRegex: boolean): object {
  return { type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: true, use_regex: useRegex };
}

/**
 * The tokenizer.json object of `spec` (`JSON.stringify` it to write the file).
 *
 * - pre_tokenizer: GPT-2's pattern is a plain ByteLevel; any other pattern is a Sequence of a
 *   Split (that regex, "Isolated") and a ByteLevel without regex, as Llama 3's and GPT-4o's files are.
 * - Special tokens are added_tokens with `special: true`, and also model.vocab entries with the same
 *   id (as GPT-2's own tokenizer.json has them), so HF gives them exactly these ids.
 * - Merges are "left right" strings (byte-level tokens never contain a space), readable by every
 *   tokenizers version. A spec without merges (tiktoken's rule) gets merges derived from its ranks
 *   and `ignore_merges: true`, which is how HF reproduces tiktoken.
 */
export function toTokenizerJson(spec: BpeSpec, options: ToTokenizerJsonOptions = {}): TokenizerJson {
  const addPrefixSpace = options.addPrefixSpace ?? (spec as { addPrefixSpace?: boolean }).addPrefixSpace ?? false;
  const text: (string | undefined)[] = spec.tokens.map((bytes) => (bytes === undefined ? undefined : bytesToByteLevel(bytes)));

  const vocab: Record<string, number> = {};
  text.forEach((t, id) => {
    if (t === undefined) return;
    if (Object.hasOwn(vocab, t)) {
      throw new Error(`${spec.name}: tokens ${vocab[t]} and ${id} have the same bytes ${JSON.stringify(t)}`);
    }
    vocab[t] = id;
  });
  const specials = Object.entries(spec.specialTokens).sort((a, b) => a[1] - b[1]);
  for (const [content, id] of specials) {
    if (text[id] !== undefined) throw new Error(`${spec.name}: special token ${JSON.stringify(content)} has id ${id}, which is also an ordinary token`);
    if (Object.hasOwn(vocab, content)) {
      throw new Error(`${spec.name}: special token ${JSON.stringify(content)} (id ${id}) has the text of ordinary token ${vocab[content]}`);
    }
    vocab[content] = id;
  }

  const merges = (spec.merges ?? mergesFromRanks(spec.tokens)).map(([left, right, result], i) => {
    const l = text[left];
    const r = text[right];
    if (l === undefined || r === undefined || l + r !== text[result]) {
      throw new Error(`${spec.name}: merges[${i}] [${left}, ${right}, ${result}] does not join two tokens into the third`);
    }
    return `${l} ${r}`;
  });

  let preTokenizer: object;
  if (spec.pattern === GPT2_PATTERN || spec.pattern === WHOLE_TEXT_PATTERN) {
    preTokenizer = byteLevel(addPrefixSpace, spec.pattern === GPT2_PATTERN);
  } else {
    if (addPrefixSpace) {
      throw new Error(`${spec.name}: add_prefix_space with a custom pattern cannot be written (HF would add a space before every piece)`);
    }
    preTokenizer = {
      type: 'Sequence',
      pretokenizers: [{ type: 'Split', pattern: { Regex: spec.pattern }, behavior: 'Isolated', invert: false }, byteLevel(false, false)],
    };
  }

  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(([content, id]) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: byteLevel(true, true),
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: spec.merges === undefined,
      vocab,
      merges,
    },
  };
}
