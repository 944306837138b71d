/**
 * Hugging Face's ByteLevel `add_prefix_space`, on top of a BytePairTokenizer: before BPE, each run
 * of ordinary text (the whole text, or each run between special tokens) that does not start with a
 * space gets one, so "Hello" encodes as " Hello" does. Decoding returns that space too, as HF's does.
 */
import { BytePairTokenizer, type BpeSpec } from '../bpe';
import { splitOnSpecials } from '../special-tokens';
import type { EncodeOptions, Tokenizer } from '../tokenizer';

/** Encodes ordinary text as `inner` does after putting a space before each run (see the file comment). */
export class PrefixSpaceTokenizer implements Tokenizer {
  readonly name: string;
  readonly vocabSize: number;
  readonly specialTokens: ReadonlyMap<string, number>;

  constructor(readonly inner: BytePairTokenizer) {
    this.name = inner.name;
    this.vocabSize = inner.vocabSize;
    this.specialTokens = inner.specialTokens;
  }

  encode(text: string, options?: EncodeOptions): number[] {
    const out: number[] = [];
    for (const piece of splitOnSpecials(text, this.specialTokens, options)) {
      if ('special' in piece) {
        out.push(piece.special);
        continue;
      }
      if (piece.text === '') continue; // HF adds no space to empty text
      const run = piece.text.startsWith(' ') ? piece.text : ` ${piece.text}`;
      // Disallowed specials were already rejected above; what is left is ordinary text.
      for (const id of this.inner.encode(run, { disallowedSpecial: [] })) out.push(id);
    }
    return out;
  }

  decode(ids: readonly number[]): string {
    return this.inner.decode(ids);
  }

  /** The bytes of the ids (see BytePairTokenizer.decodeBytes). */
  decodeBytes(ids: readonly number[]): Uint8Array {
    return this.inner.decodeBytes(ids);
  }

  idToToken(id: number): string | undefined {
    return this.inner.idToToken(id);
  }

  tokenToId(token: string): number | undefined {
    return this.inner.tokenToId(token);
  }
}

/**
 * The tokenizer a spec from {@link parseTokenizerJson} describes: a BytePairTokenizer, wrapped in a
 * {@link PrefixSpaceTokenizer} when the file asks for add_prefix_space.
 */
export function tokenizerFromHfSpec(spec: BpeSpec & { addPrefixSpace?: boolean }): BytePairTokenizer | PrefixSpaceTokenizer {
  const { addPrefixSpace, ...plain } = spec;
  const bpe = new BytePairTokenizer(plain);
  return addPrefixSpace ? new PrefixSpaceTokenizer(bpe) : bpe;
}
