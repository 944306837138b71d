/**
 * The text part of the live tokenizer demo (guide/tokenizer.md): load an OpenAI encoding or build
 * a character vocabulary, encode, and describe every token for display. Browser only in the docs:
 * TextTokens.vue imports this module from onMounted, so the server-side render never loads it.
 */
import { type BytePairTokenizer, CharTokenizer, loadTiktokenEncoding, type Tokenizer } from '@ftheta/tokenizer';
import type { TextChoice } from './tokenizer-samples';

type EncodingName = Exclude<TextChoice, 'char'>;

/** Most tokens drawn as spans (and ids listed); the counts always cover the whole text. */
export const MAX_SHOWN_TOKENS = 4000;

/** One token as the demo draws it. */
export interface TokenPiece {
  id: number;
  /** The token's text when its bytes are whole UTF-8 characters; otherwise its bytes in hex. */
  label: string;
  /** True when `label` is hex: the token holds part of a character (an emoji's first bytes). */
  partial: boolean;
  /** The token's bytes, as hex pairs ('e6 9d b1'). */
  hex: string;
}

export interface TextResult {
  choice: TextChoice;
  /** The tokenizer used (for the one-sequence panel). */
  tokenizer: Tokenizer;
  ids: number[];
  /** The first {@link MAX_SHOWN_TOKENS} tokens. */
  pieces: TokenPiece[];
  vocabSize: number;
  /** User-perceived characters (grapheme clusters), Unicode code points, UTF-8 bytes. */
  graphemes: number;
  codePoints: number;
  bytes: number;
  /** Time to load the encoding (download and parse its ranks), ms; for 'char', to build the vocabulary. */
  loadMs: number;
  /** True when the encoding was already loaded by an earlier run. */
  cached: boolean;
  encodeMs: number;
  /** decode(encode(text)) === text. */
  roundTrip: boolean;
}

interface Loaded {
  tokenizer: BytePairTokenizer;
  loadMs: number;
}

const loaded = new Map<EncodingName, Promise<Loaded>>();

/** Loads an encoding once (its ranks are a lazy chunk: o200k_base is 2.3 MB); failures are retried next time. */
function loadEncoding(name: EncodingName): { promise: Promise<Loaded>; cached: boolean } {
  const existing = loaded.get(name);
  if (existing) return { promise: existing, cached: true };
  const started = performance.now();
  const promise = loadTiktokenEncoding(name).then((tokenizer) => ({ tokenizer, loadMs: performance.now() - started }));
  loaded.set(name, promise);
  promise.catch(() => loaded.delete(name));
  return { promise, cached: false };
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function pieceOf(id: number, bytes: Uint8Array): TokenPiece {
  const hex = hexOf(bytes);
  try {
    return { id, label: strictUtf8.decode(bytes), partial: false, hex };
  } catch {
    return { id, label: hex, partial: true, hex };
  }
}

function countGraphemes(text: string): number {
  if (typeof Intl === 'undefined' || !('Segmenter' in Intl)) return [...text].length;
  let n = 0;
  for (const _ of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) n++;
  return n;
}

/**
 * Encodes `text` with `choice`. Special tokens' text (`<|endoftext|>`) is allowed, so typing one
 * shows its special id. 'char' builds its vocabulary from `text` itself (nanoGPT's
 * shakespeare_char does the same from its corpus), so every character is known.
 */
export async function tokenizeText(choice: TextChoice, text: string): Promise<TextResult> {
  let tokenizer: Tokenizer;
  let bytesOf: (id: number) => Uint8Array;
  let loadMs: number;
  let cached = false;
  if (choice === 'char') {
    const started = performance.now();
    const chars = CharTokenizer.fromText(text);
    loadMs = performance.now() - started;
    tokenizer = chars;
    bytesOf = (id) => utf8.encode(chars.idToToken(id) ?? '');
  } else {
    const load = loadEncoding(choice);
    const bpe = await load.promise;
    tokenizer = bpe.tokenizer;
    loadMs = bpe.loadMs;
    cached = load.cached;
    bytesOf = (id) => bpe.tokenizer.decodeBytes([id]);
  }
  const started = performance.now();
  const ids = tokenizer.encode(text, { allowedSpecial: 'all' });
  const encodeMs = performance.now() - started;
  const pieces = ids.slice(0, MAX_SHOWN_TOKENS).map((id) => pieceOf(id, bytesOf(id)));
  return {
    choice,
    tokenizer,
    ids,
    pieces,
    vocabSize: tokenizer.vocabSize,
    graphemes: countGraphemes(text),
    codePoints: [...text].length,
    bytes: utf8.encode(text).length,
    loadMs,
    cached,
    encodeMs,
    roundTrip: tokenizer.decode(ids) === text,
  };
}
