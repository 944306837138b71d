import { describe, expect, it } from 'vitest';
import { measureTrainSpeed } from './train-speed';

/** A small text with enough repetition for a few hundred merges. */
function smallText(): string {
  const words = 'the quick brown fox jumps over the lazy dog and the cat sat on the mat while café crème 😀 flows'.split(' ');
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(`${words.slice(i % 7, (i % 7) + 5 + (i % 11)).join(' ')}${i % 13 === 0 ? ',' : '.'}\n`);
  return lines.join('');
}

describe('measureTrainSpeed', () => {
  it('times both trainers on the same text and finds the same merges', async () => {
    const logs: string[] = [];
    const result = await measureTrainSpeed({ text: smallText(), vocabSize: 300, quick: true, log: (l) => logs.push(l) });
    expect(Object.keys(result)[0]).toBe('summary');
    expect(result.summary.fthetaOverHf).toBeGreaterThan(0);
    expect(result.summary.mergesCompared).toBe(result.fthetaAtVocabSize.merges);
    expect(result.summary.mergesAgreeing).toBe(result.summary.mergesCompared);
    expect(result.firstDisagreement).toBeNull();
    expect(result.fthetaSameMerges.merges).toBe(result.hf.merges);
    expect(result.fthetaAtVocabSize.merges).toBe(300 - 256);
    expect(result.lines).toBe(400);
    expect(logs.some((l) => l.startsWith('merges agreeing with HF'))).toBe(true);
  });
});
