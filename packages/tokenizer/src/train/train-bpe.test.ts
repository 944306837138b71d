import { describe, expect, it } from 'vitest';
import { BytePairTokenizer } from '../bpe';
import { CL100K_PATTERN, PreTokenizer } from '../pretokenize';
import { testCorpus } from './testing/corpus';
import { trainBpe, trainBpeAsync } from './train-bpe';
import type { TrainProgress } from './train-options';
import { tieRank } from './tie-rank';
import { TrainingAbortedError } from './training-aborted-error';

const CORPUS = testCorpus(400);
const bytesOf = (s: string) => new TextEncoder().encode(s);
const concat = (a: Uint8Array, b: Uint8Array) => Uint8Array.from([...a, ...b]);

/**
 * The textbook algorithm, for comparison: recount every pair of every word before each merge.
 * Same counting (every adjacent position) and tie rule as the trainer. Returns merges and counts.
 */
function naiveTrain(lines: string[], merges: number, minFrequency: number): { merges: [number, number, number][]; counts: number[] } {
  const pre = new PreTokenizer("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");
  const freq = new Map<string, number>();
  for (const line of lines) for (const w of pre.split(line)) freq.set(w, (freq.get(w) ?? 0) + 1);
  const words = [...freq].map(([w, f]) => ({ ids: [...bytesOf(w)], f }));
  const out: [number, number, number][] = [];
  const counts: number[] = [];
  for (let next = 256; out.length < merges; next++) {
    const pairCounts = new Map<string, number>();
    for (const { ids, f } of words) for (let i = 0; i + 1 < ids.length; i++) pairCounts.set(`${ids[i]},${ids[i + 1]}`, (pairCounts.get(`${ids[i]},${ids[i + 1]}`) ?? 0) + f);
    let best: [number, number] | undefined;
    let bestCount = 0;
    for (const [key, c] of pairCounts) {
      const [l, r] = key.split(',').map(Number);
      const better = c > bestCount || (c === bestCount && best && (tieRank(l) < tieRank(best[0]) || (tieRank(l) === tieRank(best[0]) && tieRank(r) < tieRank(best[1]))));
      if (better) [best, bestCount] = [[l, r], c];
    }
    if (!best || bestCount < minFrequency) break;
    out.push([best[0], best[1], next]);
    counts.push(bestCount);
    for (const word of words) {
      const merged: number[] = [];
      for (let i = 0; i < word.ids.length; i++) {
        if (word.ids[i] === best[0] && word.ids[i + 1] === best[1]) {
          merged.push(next);
          i++;
        } else {
          merged.push(word.ids[i]);
        }
      }
      word.ids = merged;
    }
  }
  return { merges: out, counts };
}

describe('trainBpe', () => {
  it('has 256 bytes first, then learned tokens, then the specials: exactly vocabSize ids', () => {
    const spec = trainBpe(CORPUS, { vocabSize: 700, specialTokens: ['<|endoftext|>', '<pad>'] });
    expect(spec.tokens).toHaveLength(698);
    expect(spec.specialTokens).toEqual({ '<|endoftext|>': 698, '<pad>': 699 });
    for (let b = 0; b < 256; b++) expect(spec.tokens[b]).toEqual(Uint8Array.of(b));
    expect(spec.merges).toHaveLength(442);
    for (const [l, r, id] of spec.merges!) expect(spec.tokens[id]).toEqual(concat(spec.tokens[l]!, spec.tokens[r]!));
    expect(new Set(spec.tokens.map((t) => t!.join())).size).toBe(698);
  });

  it('gives a tokenizer that round-trips any text, and compresses its training text', () => {
    const spec = trainBpe(CORPUS, { vocabSize: 1000, minFrequency: 1, specialTokens: ['<|endoftext|>'] });
    const tokenizer = new BytePairTokenizer(spec);
    expect(tokenizer.vocabSize).toBe(1000);
    const text = CORPUS.slice(0, 50).join('');
    const ids = tokenizer.encode(text);
    expect(tokenizer.decode(ids)).toBe(text);
    expect(ids.length).toBeLessThan(new TextEncoder().encode(text).length / 2.5);
    for (const other of ['unseen: Ωμέγα 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u0000\u007f 🧪', '<|endoftext|>x<|endoftext|>', '']) {
      expect(tokenizer.decode(tokenizer.encode(other, { allowedSpecial: 'all' }))).toBe(other);
    }
    expect(tokenizer.encode('a<|endoftext|>', { allowedSpecial: 'all' }).at(-1)).toBe(999);
  });

  it('learns the same merges as recounting everything after each merge', () => {
    const spec = trainBpe(CORPUS, { vocabSize: 256 + 300, minFrequency: 1 });
    expect(spec.merges).toEqual(naiveTrain(CORPUS, 300, 1).merges);
  });

  it('is deterministic, whatever the order of the texts', () => {
    const a = trainBpe(CORPUS, { vocabSize: 600 });
    const b = trainBpe(CORPUS, { vocabSize: 600 });
    const c = trainBpe([...CORPUS].reverse(), { vocabSize: 600 });
    expect(b.merges).toEqual(a.merges);
    expect(c.merges).toEqual(a.merges);
  });

  it('stops when no pair occurs minFrequency times', () => {
    const spec = trainBpe(CORPUS, { vocabSize: 50_000, minFrequency: 20 });
    const naive = naiveTrain(CORPUS, 50_000, 1);
    const n = spec.merges!.length;
    expect(n).toBeGreaterThan(50);
    expect(spec.merges).toEqual(naive.merges.slice(0, n));
    expect(Math.min(...naive.counts.slice(0, n))).toBeGreaterThanOrEqual(20);
    expect(naive.counts[n]).toBeLessThan(20);
    expect(spec.tokens).toHaveLength(256 + n);
  });

  it('merges until every word is one token when the vocabulary is large enough', () => {
    const spec = trainBpe(['abcabc abcabc xyz'], { vocabSize: 1000, minFrequency: 1, specialTokens: ['<s>'] });
    const texts = spec.tokens.slice(256).map((t) => new TextDecoder().decode(t));
    expect(texts).toContain('abcabc');
    expect(texts).toContain(' xyz');
    expect(spec.specialTokens).toEqual({ '<s>': spec.tokens.length });
  });

  it('does not learn the text of special tokens', () => {
    const docs = CORPUS.join('<|endoftext|>');
    const spec = trainBpe(docs, { vocabSize: 800, minFrequency: 1, specialTokens: ['<|endoftext|>'] });
    const learned = spec.tokens.slice(256).map((t) => new TextDecoder().decode(t));
    expect(learned.some((t) => t.includes('<|') || t.includes('|>') || t.includes('endoftext'))).toBe(false);
  });

  it('keeps a custom pattern, translating tiktoken syntax', () => {
    const spec = trainBpe(CORPUS, { vocabSize: 400, pattern: CL100K_PATTERN });
    expect(spec.pattern).toBe(CL100K_PATTERN);
    const ci = trainBpe(["it's IT'S"], { vocabSize: 300, minFrequency: 1, pattern: "(?i:'s)|\\p{L}+| " });
    expect(ci.merges!.length).toBeGreaterThan(0);
  });

  it('reports progress at each phase and at least every 1%', () => {
    const calls: TrainProgress[] = [];
    trainBpe(CORPUS, { vocabSize: 256 + 500, minFrequency: 1, onProgress: (p) => calls.push(p) });
    expect(calls.slice(0, 3).map((c) => c.phase)).toEqual(['count', 'pairs', 'merge']);
    expect(calls.at(-1)).toEqual({ merges: 500, target: 500, phase: 'done' });
    const merging = calls.filter((c) => c.phase === 'merge').map((c) => c.merges);
    expect(merging.length).toBeGreaterThanOrEqual(100);
    for (let i = 1; i < merging.length; i++) expect(merging[i] - merging[i - 1]).toBeLessThanOrEqual(5);
  });

  it('aborts from the progress callback, saying how far it got', () => {
    const controller = new AbortController();
    const run = () =>
      trainBpe(CORPUS, {
        vocabSize: 1000,
        minFrequency: 1,
        signal: controller.signal,
        onProgress: (p) => p.merges >= 70 && controller.abort(new Error('enough')),
      });
    let error: unknown;
    try {
      run();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TrainingAbortedError);
    expect(error).toMatchObject({ name: 'AbortError', merges: 70, target: 744, phase: 'merge' });
    expect((error as Error).message).toBe('BPE training aborted during the merge phase, after 70 of 744 merges');
    expect((error as Error).cause).toEqual(new Error('enough'));
  });

  it('does not start with an aborted signal', () => {
    expect(() => trainBpe(CORPUS, { vocabSize: 300, signal: AbortSignal.abort() })).toThrow('aborted during the count phase, after 0 of 44 merges');
  });

  it('trainBpeAsync gives timers a turn, so a timeout can abort it', async () => {
    const big = testCorpus(20_000, 7);
    const signal = AbortSignal.timeout(1);
    await expect(trainBpeAsync(big, { vocabSize: 20_000, minFrequency: 1, signal, yieldEveryMs: 0 })).rejects.toThrow(TrainingAbortedError);
    const spec = await trainBpeAsync(CORPUS, { vocabSize: 600 });
    expect(spec.merges).toEqual(trainBpe(CORPUS, { vocabSize: 600 }).merges);
  });

  it.each([
    [{ vocabSize: 255 }, RangeError, 'vocabSize must be an integer of at least 256 byte tokens + 0 special tokens = 256, got 255'],
    [{ vocabSize: 256, specialTokens: ['<s>'] }, RangeError, 'at least 256 byte tokens + 1 special tokens = 257, got 256'],
    [{ vocabSize: 300.5 }, RangeError, 'got 300.5'],
    [{ vocabSize: '300' }, RangeError, 'vocabSize must be an integer'],
    [{ vocabSize: 300, minFrequency: 0 }, RangeError, 'minFrequency must be an integer ≥ 1, got 0'],
    [{ vocabSize: 300, specialTokens: ['<s>', '<s>'] }, RangeError, 'specialTokens[1] "<s>" is listed twice'],
    [{ vocabSize: 300, specialTokens: [''] }, TypeError, 'specialTokens[0] must be a non-empty string'],
    [{ vocabSize: 300, pattern: '(unclosed' }, SyntaxError, 'pattern "(unclosed" is not a usable pre-tokenizer regex'],
    [{ vocabSize: 300, onProgress: 3 }, TypeError, 'onProgress must be a function'],
  ])('rejects invalid options: %j', (options, type, message) => {
    const run = () => trainBpe(CORPUS, options as never);
    expect(run).toThrow(type);
    expect(run).toThrow(message);
    expect(run).toThrow(/^trainBpe: /);
  });

  it('rejects training text that is not strings', () => {
    expect(() => trainBpe([42 as unknown as string], { vocabSize: 300 })).toThrow('the training text must be a string or an iterable of strings, found number');
  });
});
