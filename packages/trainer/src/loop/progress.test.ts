import { expect, it } from 'vitest';
import { formatDuration, ProgressMeter } from './progress';

it('formats a bar with step, loss, lr, tokens/s and ETA', () => {
  const p = new ProgressMeter(100, 10, 1);
  const line = p.update({ step: 25, loss: 2.5, lr: 1e-3, gradNorm: 1, tokensPerSec: 1500, ms: 200 });
  expect(line).toBe('███······· 25/100 loss 2.5000 lr 1.00e-3 1.5k tok/s ETA 15s');
  expect(formatDuration(3725)).toBe('1h02m');
  expect(formatDuration(185)).toBe('3m05s');
  expect(() => new ProgressMeter(0)).toThrow(/totalSteps must be a positive integer, got 0/);
});
