import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchPython } from '../numpy/run-numpy';
import { QUICK_CASES } from './cases';
import { refsDir } from './paths';
import { runGenerateBench } from './run-generate-bench';

/** Why the onnxruntime-web side cannot run here (no torch, or no ../shared/refs), or null. */
function torchAvailable(): string | null {
  if (!existsSync(join(refsDir(), 'gpt_ref.py'))) return `${refsDir()}/gpt_ref.py not found (the shared folder is not beside the repository)`;
  const r = spawnSync(benchPython(), ['-c', 'import torch, numpy'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `${benchPython()} not runnable (${r.error.message})`;
  return r.status === 0 ? null : `${benchPython()} cannot import torch/numpy`;
}

describe('bench generate --quick', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(os.tmpdir(), 'ftheta-gen-bench-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('times ftheta (and onnxruntime-web when torch can export) on the tiny model, with the same logits', async () => {
    const lines: string[] = [];
    const report = await runGenerateBench({ quick: true, progress: (l) => lines.push(l) }, { cacheDir });
    const contexts = report.contexts as { context: number; ftheta: { prefillTokensPerSec: number; decodeCachedMsPerToken: number }; ort1T?: unknown }[];
    expect(contexts.map((c) => c.context)).toEqual([...QUICK_CASES.contexts]);
    for (const c of contexts) {
      expect(c.ftheta.prefillTokensPerSec).toBeGreaterThan(0);
      expect(c.ftheta.decodeCachedMsPerToken).toBeGreaterThan(0);
    }
    const correctness = report.correctness as Record<string, unknown>;
    expect(correctness.fthetaCachedVsFullForwardMaxAbs as number).toBeLessThan(1e-4);
    const summary = report.summary as Record<string, unknown>;
    expect(Object.keys(summary)[0]).toBe('direction');

    const missing = torchAvailable();
    if (missing) {
      // Skipped with a reason, not failed: ftheta's side above is still tested.
      console.warn(`bench generate test: onnxruntime-web side skipped: ${missing}`);
      expect(summary.onnxruntimeWeb).toMatch(/not measured/);
      return;
    }
    expect(summary.correct).toBe(true);
    expect(correctness.fthetaVsTorchMaxAbs as number).toBeLessThan(1e-4);
    expect((correctness.fthetaVsOrtMaxAbs as Record<string, number>)['1T']).toBeLessThan(1e-4);
    const cached = summary.decodeCachedSpeedFthetaOverOrt as Record<string, number>;
    expect(Object.keys(cached)).toEqual(QUICK_CASES.contexts.map(String));
    for (const v of Object.values(cached)) expect(v).toBeGreaterThan(0);
    expect(contexts[0].ort1T).toBeDefined();

    // A second run reuses the cached weights and export.
    const again = await runGenerateBench({ quick: true, progress: () => {} }, { cacheDir });
    expect((again.ort as { export: { cached: boolean } }).export.cached).toBe(true);
  });
});
