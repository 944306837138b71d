/**
 * The pre-tokenizer: splits text into the pieces that BPE then encodes one by one, as tiktoken
 * does with its `pat_str` (every match of the regex is a piece; text between matches is dropped).
 * For the patterns of OpenAI's encodings a hand-written scanner does the same work faster and
 * without allocating a string per piece (it is fuzzed against the regex in the tests); any other
 * pattern runs as a regex.
 *
 * Patterns run with JavaScript regex semantics, as in js-tiktoken. They differ from tiktoken's
 * Rust regex in one known place: JavaScript's `\s` includes U+FEFF and excludes U+0085 (NEL),
 * Rust's is Unicode White_Space (the reverse), so text containing those two characters can split,
 * and therefore encode, differently than in tiktoken (Python / wasm); it matches js-tiktoken.
 */
import { CL100K_PATTERN, GPT2_PATTERN, O200K_PATTERN } from './pattern-sources';
import { scanCl100k } from './scan-cl100k';
import { scanGpt2 } from './scan-gpt2';
import { scanO200k } from './scan-o200k';
import { compilePattern, translatePattern } from './translate-pattern';
import { bmpClassTable } from './unicode-classes';

/** The hand-written scanners, by the encoding family whose pattern they implement. */
export type PreTokenizerScanner = 'gpt2' | 'cl100k' | 'o200k';

/** End of the piece that starts at `i` (< end), treating `end` as the end of the text. */
export type ScanFunction = (text: string, i: number, end: number) => number;

type RawScan = (text: string, i: number, end: number, table: Uint8Array) => number;

const SCANNERS = new Map<string, [PreTokenizerScanner, RawScan]>([
  [GPT2_PATTERN, ['gpt2', scanGpt2]],
  [CL100K_PATTERN, ['cl100k', scanCl100k]],
  [O200K_PATTERN, ['o200k', scanO200k]],
]);

/** Options of {@link PreTokenizer}. */
export interface PreTokenizerOptions {
  /** Use a hand-written scanner when one implements the pattern (default true). */
  scanner?: boolean;
}

/** Splits text into pre-tokens with a tiktoken / Hugging Face pattern (matched with flags `gu`). */
export class PreTokenizer {
  /** The pattern as given. */
  readonly pattern: string;
  /** The JavaScript regex source it runs as (see `translatePattern`). */
  readonly source: string;
  /** Which hand-written scanner runs it, or undefined when the regex does. */
  readonly scanner: PreTokenizerScanner | undefined;
  /**
   * The scanner's step, present when `scanner` is: pieces tile the text, each starting where the
   * previous one ended.
   */
  readonly scan: ScanFunction | undefined;
  /** The compiled regex (flags `gu`; reset `lastIndex` before use). */
  readonly regex: RegExp;

  /** @throws TokenizerFormatError when the pattern is not a valid (or translatable) regex. */
  constructor(pattern: string, options: PreTokenizerOptions = {}) {
    this.pattern = pattern;
    this.source = translatePattern(pattern);
    this.regex = compilePattern(pattern);
    const known = options.scanner === false ? undefined : SCANNERS.get(this.source);
    this.scanner = known?.[0];
    if (known) {
      const raw = known[1];
      const table = bmpClassTable();
      this.scan = (text, i, end) => raw(text, i, end, table);
    }
  }

  /** The pieces of `text`, in order. */
  split(text: string): string[] {
    const pieces: string[] = [];
    this.forEachPiece(text, (start, end) => pieces.push(text.slice(start, end)));
    return pieces;
  }

  /** Calls `onPiece(start, end)` for each non-empty piece of `text`, in order. */
  forEachPiece(text: string, onPiece: (start: number, end: number) => void): void {
    const scan = this.scan;
    if (scan) {
      for (let i = 0, end = text.length; i < end; ) {
        const e = scan(text, i, end);
        onPiece(i, e);
        i = e;
      }
      return;
    }
    const re = this.regex;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const len = m[0].length;
      if (len === 0) {
        // An empty match: step past one code point, as String.prototype.matchAll does.
        re.lastIndex += (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1;
        continue;
      }
      onPiece(m.index, m.index + len);
    }
  }
}
