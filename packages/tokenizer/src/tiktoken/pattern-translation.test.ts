/**
 * tiktoken's own patterns, which Node 20 cannot run as written, translated (see
 * ../pretokenize/translate-pattern.ts) and checked against js-tiktoken's spelled-out pattern.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { describe, expect, it } from 'vitest';
import { BytePairTokenizer } from '../bpe/byte-pair-tokenizer';
import { TIKTOKEN_CL100K_PATTERN } from '../pretokenize/pattern-sources';
import { PreTokenizer } from '../pretokenize/pre-tokenizer';
import { EDGE_CASES } from '../pretokenize/testing/edge-cases';
import { randomTexts } from '../pretokenize/testing/random-text';
import { loadTiktokenSpec } from './load-tiktoken-encoding';

describe("cl100k_base with tiktoken's (?i:...) pattern, translated", () => {
  it('gives js-tiktoken’s ids, contractions in capitals included', async () => {
    const spec = await loadTiktokenSpec('cl100k_base');
    expect(() => new RegExp(TIKTOKEN_CL100K_PATTERN, 'gu')).toThrow(); // Node 20: "Invalid group"
    const ours = new BytePairTokenizer({ ...spec, pattern: TIKTOKEN_CL100K_PATTERN });
    expect(ours.preTokenizer.scanner).toBeUndefined(); // runs as a regex
    const ref = new Tiktoken(cl100k);
    const capitals = "DON'T I'M You'Re WE'LL SHE'S it'D THEY'VE I'Ll 'RE 'rE 'vE 'Ve O'NEILL'S";
    expect(ours.encode(capitals)).toEqual(ref.encode(capitals));
    // Everywhere except after "'ſ" (U+017F, long s): a case-insensitive 's matches it in tiktoken's
    // Rust regex and in this translation, but not in js-tiktoken's spelled-out 's|'S.
    const texts = [...EDGE_CASES, ...randomTexts(77, 1000)].map((t) => t.replaceAll("'ſ", "'x"));
    for (const t of texts) expect(ours.encode(t), JSON.stringify(t)).toEqual(ref.encode(t));
    expect(ours.preTokenizer.split("x'ſx")).toEqual(['x', "'ſ", 'x']);
    expect(new PreTokenizer(cl100k.pat_str).split("x'ſx")).toEqual(['x', "'ſx"]);
  });
});
