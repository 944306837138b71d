import { describe, expect, it } from 'vitest';
import { TokenizerFormatError } from '../errors';
import { TIKTOKEN_CL100K_PATTERN } from './pattern-sources';
import { PreTokenizer } from './pre-tokenizer';
import { compilePattern, translatePattern } from './translate-pattern';

const split = (pattern: string, text: string) => new PreTokenizer(pattern).split(text);

describe('translatePattern', () => {
  it('leaves JavaScript-ready patterns alone', () => {
    for (const p of [' ?\\p{L}+|\\s+(?!\\S)', "'s|'t", '[^\\r\\n]+', '\\p{N}{1,3}', 'a+?b']) expect(translatePattern(p)).toBe(p);
  });

  it('spells out (?i:...) with the engine’s own case variants', () => {
    expect(translatePattern("(?i:'s|'t|'re|'ve|'m|'ll|'d)")).toBe("(?:'[sSſ]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])");
    expect(translatePattern("'(?i:[sdmt]|ll)")).toBe("'(?:[sSſdDmMtT]|[lL][lL])");
    expect(translatePattern('(?i:k)')).toBe('(?:[kK\u212a])'); // U+212A KELVIN SIGN
    expect(translatePattern('(?i)ab|c')).toBe('[aA][bB]|[cC]');
    expect(translatePattern('x(?i:y)z')).toBe('x(?:[yY])z');
    expect(split(TIKTOKEN_CL100K_PATTERN, "DON'T You'Re I'M")).toEqual(['DON', "'T", ' You', "'Re", ' I', "'M"]);
  });

  // Expected pieces checked with Python 3.11 `re` / `regex`, which have possessive quantifiers.
  it('turns possessive quantifiers and atomic groups into the look-ahead idiom', () => {
    expect(split('a++a', 'aaa')).toEqual([]);
    expect(split('x?+x', 'x xx')).toEqual(['xx']);
    expect(split('(?>a|ab)c', 'abc ac')).toEqual(['ac']);
    expect(split('\\s++$', 'a  ')).toEqual(['  ']);
    expect(split('(?:ab)*+b', 'ababb')).toEqual(['ababb']);
    expect(split('[0-9]{1,3}+[0-9]', '12345')).toEqual(['1234']);
    // tiktoken's current cl100k pattern (possessive form), same pieces as Python's regex module:
    const p = "'(?i:[sdmt]|ll|ve|re)|[^\\r\\n\\p{L}\\p{N}]?+\\p{L}++|\\p{N}{1,3}+| ?[^\\s\\p{L}\\p{N}]++[\\r\\n]*+|\\s++$|\\s*[\\r\\n]|\\s+(?!\\S)|\\s";
    expect(split(p, "Hello,  world's 12345\n\n  end  ")).toEqual(['Hello', ',', ' ', ' world', "'s", ' ', '123', '45', '\n\n', ' ', ' end', '  ']);
  });

  it('accepts Python’s named groups and identity escapes', () => {
    expect(translatePattern("(?P<q>\\')")).toBe("(?<q>')");
    expect(split("\\'\\w+", "it's")).toEqual(["'s"]);
  });

  it('refuses what it cannot translate exactly, naming the construct', () => {
    const refuse = (p: string, what: RegExp) => {
      expect(() => translatePattern(p)).toThrow(TokenizerFormatError);
      expect(() => translatePattern(p)).toThrow(what);
    };
    refuse('(?i:\\p{Lu})', /property escape \\p\{Lu\} inside a case-insensitive group/);
    refuse('(?i:[a-z])', /character class \[a-z\] inside a case-insensitive group/);
    refuse('(?s:.)', /flag group \(\?s:/);
    refuse('\\A\\w+', /escape \\A/);
    refuse('(a)\\1b++', /numbered back-references/);
    refuse('a*+?', /a quantifier right after a possessive quantifier/);
  });

  it('names an invalid pattern', () => {
    expect(() => compilePattern('a{2,1}')).toThrow(/pre-tokenizer pattern: "a\{2,1\}" is not a valid regex/);
  });
});
