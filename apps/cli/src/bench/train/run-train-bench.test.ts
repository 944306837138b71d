import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QUICK_RECIPE } from './recipe';
import { runTrainBench } from './run-train-bench';

/** The shared folder beside the repository (tests run from source, where shared-data's own guess is off by one level). */
const shared = process.env.FTHETA_SHARED ?? resolve(fileURLToPath(new URL('../../../../../', import.meta.url)), '..', 'shared');
const haveData = existsSync(resolve(shared, 'data', 'tinyshakespeare.txt'));
if (!haveData) console.warn(`bench train-shakespeare test skipped: no ${shared}/data/tinyshakespeare.txt`);
process.env.FTHETA_SHARED ??= shared;

describe.runIf(haveData)('bench train-shakespeare (tiny recipe)', () => {
  it('trains, evaluates, profiles a step and compares with PyTorch when it can run', async () => {
    const lines: string[] = [];
    const recipe = { ...QUICK_RECIPE, steps: 8, warmupSteps: 2, decaySteps: 8, evalEvery: 4, evalBatches: 1, skipFirst: 2, pytorchIters: 3 };
    const r = await runTrainBench({ quick: true, progress: (m) => lines.push(m) }, { recipe });
    const s = r.summary as Record<string, unknown>;
    expect(Object.keys(s)).toEqual(['direction', 'valLossFinal', 'valLossGoal', 'met', 'valLossFullFtheta', 'valLossFullPytorch', 'valLossFullGap', 'tokensPerSecFtheta', 'tokensPerSecPytorch', 'pytorchThreads', 'fthetaOverPytorch', 'goal', 'speedGoalMet']);
    expect(s.valLossGoal).toBe(1.88);
    expect(s.valLossFinal as number).toBeLessThan(4.3); // ln 65 = 4.17 at the start
    expect(s.tokensPerSecFtheta as number).toBeGreaterThan(0);
    const ftheta = r.ftheta as { evals: { step: number }[]; tensorsLeaked: number; reason: string; profile: { byKernel: { kernel: string; ms: number }[]; kernelCalls: number } };
    expect(ftheta.reason).toBe('done');
    expect(ftheta.evals.map((e) => e.step)).toEqual([4, 8]);
    expect(ftheta.tensorsLeaked).toBe(0);
    expect(ftheta.profile.byKernel.length).toBeGreaterThan(0);
    expect(ftheta.profile.byKernel.length).toBeLessThanOrEqual(10);
    expect(ftheta.profile.byKernel.map((k) => k.kernel)).toContain('BatchMatMul');
    const pt = (r.pytorch as Record<string, { measured: boolean; reason?: string }>).threads2;
    expect(s.valLossFullFtheta as number).toBeLessThan(4.3);
    if (pt.measured) {
      expect(s.fthetaOverPytorch as number).toBeGreaterThan(0);
      // PyTorch's saved model is read back and measured by the same code as ours.
      expect(s.valLossFullPytorch as number).toBeLessThan(4.3);
    }
    else console.warn(`pytorch side not measured: ${pt.reason}`);
  });
});
