/**
 * Makes tiktoken / Hugging Face pre-tokenizer patterns (Rust and Python regex syntax) runnable as
 * JavaScript regexes with the flags `gu`, without changing what they match:
 * - `(?i:...)` and `(?i)` (rejected by Node 20's regex engine): each literal letter becomes the
 *   class of its case variants as the engine's own `iu` matching defines them, e.g. `'s` ->
 *   `'[sSſ]` (U+017F, as Rust's and Python's `(?i)` also match);
 * - possessive quantifiers `X*+ X++ X?+ X{n,m}+` and atomic groups `(?>X)`: the atomic look-ahead
 *   idiom `(?=(?<g>X))\k<g>`;
 * - Python's `(?P<name>...)` becomes `(?<name>...)`; identity escapes such as `\'` become literals.
 * Anything it cannot translate exactly throws a TokenizerFormatError instead of guessing.
 */
import { TokenizerFormatError } from '../errors';
import { caseVariants, escapeForClass, escapeLiteral } from './case-variants';

const SOURCE = 'pre-tokenizer pattern';
/** Text that hints a translation may be needed; anything else is returned unchanged. */
const NEEDS_TRANSLATION = /\(\?[a-zA-Z-]+[:)]|\(\?>|\(\?P<|[*+?}]\+|\\[^pPdDsSwWbBtnrvf0xuck1-9^$\\.*+?()[\]{}|/]/;

/** A JavaScript (`gu`) regex source that matches exactly what `pattern` matches. */
export function translatePattern(pattern: string): string {
  if (!NEEDS_TRANSLATION.test(pattern)) return pattern;
  return new Translator(pattern).run();
}

/** `new RegExp(translatePattern(pattern), 'gu')`, with errors naming the pattern. */
export function compilePattern(pattern: string): RegExp {
  const source = translatePattern(pattern);
  try {
    return new RegExp(source, 'gu');
  } catch (err) {
    throw new TokenizerFormatError(SOURCE, `${JSON.stringify(pattern)} is not a valid regex: ${(err as Error).message}`);
  }
}

class Translator {
  private pos = 0;
  private added = 0;
  private numericBackref = false;

  constructor(private readonly src: string) {}

  run(): string {
    const out = this.sequence(false, false);
    if (this.numericBackref && this.added > 0) this.fail('numbered back-references together with possessive or atomic parts');
    return out;
  }

  private fail(what: string): never {
    throw new TokenizerFormatError(SOURCE, `cannot translate ${what} at offset ${this.pos} of ${JSON.stringify(this.src)}`);
  }

  /** Alternatives up to the closing `)` (when `inGroup`) or the end. */
  private sequence(ci: boolean, inGroup: boolean): string {
    const s = this.src;
    let out = '';
    while (this.pos < s.length) {
      const ch = s[this.pos];
      if (ch === ')') {
        if (inGroup) return out;
        this.fail('an unbalanced ")"');
      }
      if (ch === '|') {
        out += '|';
        this.pos++;
        continue;
      }
      if (s.startsWith('(?i)', this.pos)) {
        ci = true;
        this.pos += 4;
        continue;
      }
      if (ch === '^' || ch === '$') {
        out += ch;
        this.pos++;
        continue;
      }
      const atom = this.atom(ci);
      out += this.quantified(atom);
    }
    if (inGroup) this.fail('a group without its ")"');
    return out;
  }

  private quantified(atom: string): string {
    const m = /^(?:[*+?]|\{\d+(?:,\d*)?\})/.exec(this.src.slice(this.pos));
    if (!m) return atom;
    this.pos += m[0].length;
    const next = this.src[this.pos];
    if (next === '+') {
      this.pos++;
      if (/^(?:[*+?]|\{\d)/.test(this.src.slice(this.pos))) this.fail('a quantifier right after a possessive quantifier');
      return this.atomic(atom + m[0]);
    }
    if (next === '?') {
      this.pos++;
      return `${atom}${m[0]}?`;
    }
    return atom + m[0];
  }

  private atomic(inner: string): string {
    const name = `__ft${this.added++}`;
    return `(?=(?<${name}>${inner}))\\k<${name}>`;
  }

  private atom(ci: boolean): string {
    const s = this.src;
    const ch = s[this.pos];
    if (ch === '(') return this.group(ci);
    if (ch === '[') return this.charClass(ci);
    if (ch === '\\') return this.escape(ci);
    if (ch === '.') {
      this.pos++;
      return '.';
    }
    const cp = s.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return literal(cp, ci);
  }

  private group(ci: boolean): string {
    const rest = this.src.slice(this.pos);
    const opener = /^\((?:\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>|P<[A-Za-z_$][\w$]*>|>|i:|-i:|[a-zA-Z-]*[:)])?)?/.exec(rest)![0];
    this.pos += opener.length;
    let prefix = opener;
    let innerCi = ci;
    if (opener === '(?i:') [prefix, innerCi] = ['(?:', true];
    else if (opener === '(?-i:') [prefix, innerCi] = ['(?:', false];
    else if (opener.startsWith('(?P<')) prefix = `(?<${opener.slice(4)}`;
    else if (/^\(\?[a-zA-Z-]*[:)]$/.test(opener) && opener !== '(?:') {
      this.pos -= opener.length;
      this.fail(`the flag group ${opener}`);
    }
    const inner = this.sequence(innerCi, true);
    this.pos++; // ')'
    if (opener === '(?>') return this.atomic(inner);
    return `${prefix}${inner})`;
  }

  private charClass(ci: boolean): string {
    const s = this.src;
    const start = this.pos;
    let i = start + 1;
    if (s[i] === '^') i++;
    while (i < s.length && s[i] !== ']') i += s[i] === '\\' ? 2 : 1;
    if (i >= s.length) this.fail('a character class without its "]"');
    this.pos = i + 1;
    const raw = s.slice(start, i + 1);
    if (!ci) return raw;
    if (raw[1] === '^' || /\\[pPwWbB]/.test(raw) || /[^\\]-[^\]]/.test(raw.slice(1, -1))) {
      this.pos = start;
      this.fail(`the character class ${raw} inside a case-insensitive group`);
    }
    const cps = new Set<number>();
    let extra = '';
    for (let k = 1; k < raw.length - 1; ) {
      if (raw[k] === '\\') {
        const e = raw[k + 1];
        if ('dDsS'.includes(e)) extra += `\\${e}`;
        else {
          const { cp, length } = decodeEscape(raw, k) ?? this.fail(`the escape ${raw.slice(k, k + 2)}`);
          for (const v of caseVariants(cp)) cps.add(v);
          k += length;
          continue;
        }
        k += 2;
        continue;
      }
      const cp = raw.codePointAt(k)!;
      for (const v of caseVariants(cp)) cps.add(v);
      k += cp > 0xffff ? 2 : 1;
    }
    return `[${[...cps].map(escapeForClass).join('')}${extra}]`;
  }

  private escape(ci: boolean): string {
    const s = this.src;
    const e = s[this.pos + 1];
    if (e === undefined) this.fail('a trailing "\\"');
    if (e === 'p' || e === 'P') {
      const m = /^\\[pP]\{[^}]*\}/.exec(s.slice(this.pos));
      if (!m) this.fail(`the escape \\${e}`);
      if (ci) this.fail(`the property escape ${m[0]} inside a case-insensitive group`);
      this.pos += m[0].length;
      return m[0];
    }
    if ('dDsS'.includes(e) || (!ci && 'wWbB'.includes(e))) {
      this.pos += 2;
      return `\\${e}`;
    }
    if (e === 'k') {
      const m = /^\\k<[^>]*>/.exec(s.slice(this.pos));
      if (!m) this.fail('the escape \\k');
      this.pos += m[0].length;
      return m[0];
    }
    if (/[1-9]/.test(e)) {
      const m = /^\\\d+/.exec(s.slice(this.pos))!;
      this.numericBackref = true;
      this.pos += m[0].length;
      return m[0];
    }
    const decoded = decodeEscape(s, this.pos);
    if (!decoded) this.fail(`the escape \\${e}`);
    this.pos += decoded.length;
    return literal(decoded.cp, ci);
  }
}

const CONTROL_ESCAPES: Record<string, number> = { t: 9, n: 10, v: 11, f: 12, r: 13, '0': 0 };

/** The code point an escape at `i` stands for (and its length), or undefined if it is a class. */
function decodeEscape(s: string, i: number): { cp: number; length: number } | undefined {
  const e = s[i + 1];
  if (e in CONTROL_ESCAPES) return { cp: CONTROL_ESCAPES[e], length: 2 };
  const rest = s.slice(i);
  let m = /^\\x([0-9a-fA-F]{2})/.exec(rest) ?? /^\\u([0-9a-fA-F]{4})/.exec(rest) ?? /^\\u\{([0-9a-fA-F]+)\}/.exec(rest);
  if (m) {
    const cp = Number.parseInt(m[1], 16);
    const low = cp >= 0xd800 && cp <= 0xdbff ? /^\\u(d[c-f][0-9a-f]{2})/i.exec(s.slice(i + m[0].length)) : null;
    if (low) return { cp: ((cp - 0xd800) << 10) + (Number.parseInt(low[1], 16) - 0xdc00) + 0x10000, length: m[0].length + 6 };
    return { cp, length: m[0].length };
  }
  m = /^\\c([A-Za-z])/.exec(rest);
  if (m) return { cp: m[1].charCodeAt(0) % 32, length: 3 };
  // Identity escapes: only of characters that are not letters or digits (`\A`, `\z`, `\h` mean
  // something else in Rust/Python and are rejected).
  const cp = s.codePointAt(i + 1)!;
  if (/[\p{L}\p{N}_]/u.test(String.fromCodePoint(cp))) return undefined;
  return { cp, length: cp > 0xffff ? 3 : 2 };
}

function literal(cp: number, ci: boolean): string {
  if (!ci) return escapeLiteral(cp);
  const variants = caseVariants(cp);
  return variants.length === 1 ? escapeLiteral(cp) : `[${variants.map(escapeForClass).join('')}]`;
}
