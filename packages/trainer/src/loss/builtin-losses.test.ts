import { expect, it } from 'vitest';
import { BUILTIN_LOSSES, builtinLossName } from './builtin-losses';
import { crossEntropy } from './cross-entropy';
import { maskedLmLoss } from './masked-lm';

it('names the built-in losses, and only them', () => {
  expect(builtinLossName(crossEntropy)).toBe('cross-entropy');
  expect(builtinLossName(maskedLmLoss)).toBe('masked-lm');
  expect(BUILTIN_LOSSES['masked-lm']).toBe(maskedLmLoss);
  // A look-alike (same name, same text) is not a built-in: only the tag counts.
  const copy = new Function(`return ${String(crossEntropy)}`);
  expect(builtinLossName(copy as typeof crossEntropy)).toBeUndefined();
  expect(builtinLossName((l, t, m) => crossEntropy(l, t, m))).toBeUndefined();
});
