import { expect, it } from 'vitest';
import { corpus } from '../loop/tiny-run.testing';
import { maskedLmSource } from './masked-lm-source';
import { randomWindows } from './random-windows';

const windows = () => randomWindows(corpus(), { batchSize: 4, seqLen: 8, seed: 3 });
const options = { maskId: 16, maskProb: 0.25, vocabSize: 17, seed: 9 };

it('corrupts plain windows BERT-style: targets are the text, mask marks the chosen positions', () => {
  const plain = windows().next();
  const b = maskedLmSource(windows(), options).next();
  expect(Array.from(b.targets)).toEqual(Array.from(plain.inputs));
  expect(b.mask!.reduce((a, x) => a + x, 0)).toBeGreaterThan(0);
  for (let i = 0; i < b.inputs.length; i++) if (b.mask![i] === 0) expect(b.inputs[i]).toBe(plain.inputs[i]);
  expect(Array.from(b.inputs)).toContain(16);
});

it('draws new positions every batch and resumes bit for bit', () => {
  const a = maskedLmSource(windows(), options);
  const first = a.next();
  const saved = JSON.parse(JSON.stringify(a.state()));
  const second = a.next();
  expect(Array.from(second.mask!)).not.toEqual(Array.from(first.mask!));
  const b = maskedLmSource(windows(), options);
  b.restore(saved);
  const again = b.next();
  expect(Array.from(again.inputs)).toEqual(Array.from(second.inputs));
  expect(Array.from(again.mask!)).toEqual(Array.from(second.mask!));
});

it('checks its options up front and refuses a state of other options', () => {
  expect(() => maskedLmSource(windows(), { ...options, maskId: 17 })).toThrow(/maskId must be an id in \[0, 17\), got 17/);
  const state = maskedLmSource(windows(), options).state();
  expect(() => maskedLmSource(windows(), { ...options, maskProb: 0.5 }).restore(state)).toThrow(/masked-lm: state.maskProb is 0.25 but this source has 0.5/);
});
