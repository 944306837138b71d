/**
 * Character tokenizer (nanoGPT's shakespeare_char): one id per Unicode code point seen in a corpus,
 * sorted by code point, then the special tokens. What happens to a character the corpus never had
 * is an explicit policy, never a silent guess.
 */
import { TokenizerFormatError, UnknownTokenIdError } from '../errors';
import { splitOnSpecials } from '../special-tokens';
import type { EncodeOptions, Tokenizer } from '../tokenizer';

/**
 * What `encode` does with a character outside the vocabulary:
 * - 'error' (default): throw, naming the character and its index;
 * - 'skip': drop it (decode(encode(s)) then differs from s);
 * - 'unk': map it to the `<unk>` token, which the vocabulary then contains.
 */
export type UnknownCharPolicy = 'error' | 'skip' | 'unk';

export interface CharTokenizerOptions {
  unknown?: UnknownCharPolicy;
  /** Special tokens, appended after the characters (ids chars.length, chars.length+1, ...). */
  specialTokens?: string[];
}

/** The JSON form written by {@link CharTokenizer.toJSON}. */
export interface CharTokenizerJson {
  type: 'ftheta-char';
  version: 1;
  chars: string[];
  unknown: UnknownCharPolicy;
  specialTokens: string[];
}

export const UNK_TOKEN = '<unk>';

export class CharTokenizer implements Tokenizer {
  readonly name = 'char';
  readonly vocabSize: number;
  readonly specialTokens: ReadonlyMap<string, number>;
  private readonly ids = new Map<string, number>();
  private readonly unkId: number | undefined;
  /** id -> text, characters then specials. */
  private readonly table: string[];

  constructor(
    readonly chars: readonly string[],
    readonly unknown: UnknownCharPolicy = 'error',
    specialTokens: readonly string[] = [],
  ) {
    chars.forEach((c, i) => {
      if ([...c].length !== 1) throw new TokenizerFormatError('char tokenizer', `chars[${i}] is ${JSON.stringify(c)}, not one code point`);
      if (this.ids.has(c)) throw new TokenizerFormatError('char tokenizer', `chars[${i}] ${JSON.stringify(c)} appears twice`);
      this.ids.set(c, i);
    });
    const specials = [...specialTokens];
    if (unknown === 'unk' && !specials.includes(UNK_TOKEN)) specials.push(UNK_TOKEN);
    const map = new Map<string, number>();
    specials.forEach((s, i) => {
      if (map.has(s)) throw new TokenizerFormatError('char tokenizer', `special token ${JSON.stringify(s)} appears twice`);
      map.set(s, chars.length + i);
    });
    this.specialTokens = map;
    this.unkId = unknown === 'unk' ? map.get(UNK_TOKEN) : undefined;
    this.vocabSize = chars.length + specials.length;
    this.table = [...chars, ...specials];
  }

  /** The vocabulary of `corpus`: its distinct code points, sorted by code point. */
  static fromText(corpus: string, options: CharTokenizerOptions = {}): CharTokenizer {
    const chars = [...new Set(corpus)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    return new CharTokenizer(chars, options.unknown, options.specialTokens);
  }

  static fromJSON(json: unknown, source = 'char tokenizer JSON'): CharTokenizer {
    const j = json as Partial<CharTokenizerJson>;
    if (j == null || typeof j !== 'object') throw new TokenizerFormatError(source, 'not a JSON object');
    if (j.type !== 'ftheta-char') throw new TokenizerFormatError(source, `type is ${JSON.stringify(j.type)}, expected "ftheta-char"`);
    if (j.version !== 1) throw new TokenizerFormatError(source, `version ${JSON.stringify(j.version)} is not supported (only 1)`);
    if (!Array.isArray(j.chars) || !j.chars.every((c) => typeof c === 'string')) {
      throw new TokenizerFormatError(source, 'chars must be an array of strings');
    }
    if (j.unknown !== 'error' && j.unknown !== 'skip' && j.unknown !== 'unk') {
      throw new TokenizerFormatError(source, `unknown is ${JSON.stringify(j.unknown)}, expected "error", "skip" or "unk"`);
    }
    const specials = j.specialTokens ?? [];
    if (!Array.isArray(specials) || !specials.every((s) => typeof s === 'string' && s.length > 0)) {
      throw new TokenizerFormatError(source, 'specialTokens must be an array of non-empty strings');
    }
    try {
      return new CharTokenizer(j.chars, j.unknown, specials);
    } catch (err) {
      if (err instanceof TokenizerFormatError) throw new TokenizerFormatError(source, err.detail);
      throw err;
    }
  }

  toJSON(): CharTokenizerJson {
    const specials = [...this.specialTokens.keys()];
    return { type: 'ftheta-char', version: 1, chars: [...this.chars], unknown: this.unknown, specialTokens: specials };
  }

  encode(text: string, options?: EncodeOptions): number[] {
    const out: number[] = [];
    let offset = 0;
    for (const piece of splitOnSpecials(text, this.specialTokens, options)) {
      if ('special' in piece) {
        out.push(piece.special);
        offset += this.table[piece.special].length;
        continue;
      }
      let index = offset;
      for (const c of piece.text) {
        const id = this.ids.get(c);
        if (id !== undefined) out.push(id);
        else if (this.unknown === 'unk') out.push(this.unkId!);
        else if (this.unknown === 'error') {
          const cp = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
          throw new Error(`char tokenizer: ${JSON.stringify(c)} (${cp}) at index ${index} is not in the vocabulary (policy 'error'; use 'skip' or 'unk' to accept it)`);
        }
        index += c.length;
      }
      offset += piece.text.length;
    }
    return out;
  }

  decode(ids: readonly number[]): string {
    let text = '';
    for (const id of ids) text += this.idToTokenOrThrow(id);
    return text;
  }

  idToToken(id: number): string | undefined {
    return Number.isInteger(id) ? this.table[id] : undefined;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token) ?? this.specialTokens.get(token);
  }

  private idToTokenOrThrow(id: number): string {
    const token = this.idToToken(id);
    if (token === undefined) throw new UnknownTokenIdError(id, this.name);
    return token;
  }
}
