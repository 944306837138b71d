import { describe, expect, it } from 'vitest';
import { medianStepTokensPerSec, trainSummary } from './summary';

describe('medianStepTokensPerSec', () => {
  it('uses the median step after the skipped warm-up steps', () => {
    // skip the slow first two; median of [100, 200, 100] = 100 ms -> 768 tokens / 0.1 s
    expect(medianStepTokensPerSec([900, 800, 100, 200, 100], 768, 2)).toBe(7680);
  });
  it('falls back to every step when there are too few, and to null when there are none', () => {
    expect(medianStepTokensPerSec([100], 100, 5)).toBe(1000);
    expect(medianStepTokensPerSec([], 100, 0)).toBeNull();
  });
});

describe('trainSummary', () => {
  it('puts the loss goal and the speed ratio first', () => {
    const s = trainSummary({ valLossFinal: 1.8712345, valLossGoal: 1.88, tokensPerSecFtheta: 5000, tokensPerSecPytorch: 16000, speedGoal: 0.5 });
    expect(Object.keys(s).slice(1, 4)).toEqual(['valLossFinal', 'valLossGoal', 'met']);
    expect(s).toMatchObject({ valLossFinal: 1.8712, met: true, valLossFullFtheta: null, valLossFullGap: null, fthetaOverPytorch: 0.31, goal: 0.5, speedGoalMet: false });
    const full = trainSummary({ valLossFinal: 1.9, valLossGoal: 1.88, valLossFullFtheta: 1.90123, valLossFullPytorch: 1.91, tokensPerSecFtheta: 1, tokensPerSecPytorch: 1, speedGoal: 0.5 });
    expect(full).toMatchObject({ valLossFullFtheta: 1.9012, valLossFullPytorch: 1.91, valLossFullGap: -0.0088 });
  });
  it('says not met / unknown when figures are missing', () => {
    const s = trainSummary({ valLossFinal: null, valLossGoal: 1.88, tokensPerSecFtheta: 5000, tokensPerSecPytorch: null, speedGoal: 0.5 });
    expect(s).toMatchObject({ met: false, fthetaOverPytorch: null, speedGoalMet: null });
    expect(trainSummary({ valLossFinal: 1.9, valLossGoal: 1.88, tokensPerSecFtheta: 9000, tokensPerSecPytorch: 9000, speedGoal: 0.5 })).toMatchObject({ met: false, fthetaOverPytorch: 1, speedGoalMet: true });
  });
});
