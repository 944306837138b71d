// The quick run end to end (a tiny model, a few steps): the report's shape, not its accuracies.
import { expect, it } from 'vitest';
import { runMergeTasksBench } from './run-merge-tasks-bench';

it('trains a base and two fine-tunes, merges them by every method, scores them and compares with NumPy', async () => {
  const lines: string[] = [];
  const report = await runMergeTasksBench({ quick: true, progress: (m) => lines.push(m) });
  expect(Object.keys(report)[0]).toBe('summary');
  const summary = report.summary as Record<string, unknown>;
  expect(Object.keys(summary).slice(0, 2)).toEqual(['goal', 'best']);
  expect(typeof (summary.goal as { met: unknown }).met).toBe('boolean');
  const table = report.table as Array<{ model: string; kind: string; accuracyPct: Record<string, number>; retained?: Record<string, number | null> }>;
  expect(table.map((r) => r.kind)).toEqual(['base', 'fine-tune', 'fine-tune', 'merge', 'merge', 'merge', 'merge', 'merge', 'merge']);
  expect(table.slice(3).map((r) => r.model)).toEqual(['linear w=0.5/0.5', 'task arithmetic λ=1', 'ties d=0.5 λ=1', 'dare_ties d=0.5 λ=1', 'slerp t=0.5', 'model stock']);
  for (const row of table) {
    expect(Object.keys(row.accuracyPct)).toEqual(['addition', 'copy', 'reverse', 'facts']);
    for (const v of Object.values(row.accuracyPct)) expect(v).toBeGreaterThanOrEqual(0);
  }
  for (const row of table.slice(3)) expect(Object.keys(row.retained ?? {})).toEqual(['A:addition', 'B:reverse']);
  const reference = report.reference as { measured: boolean; reason?: string; perCase?: Array<{ maxAbsDiff: number; fthetaMs: number; numpyMs: number }> };
  if (reference.measured) {
    expect(reference.perCase).toHaveLength(6);
    for (const c of reference.perCase!) {
      expect(c.maxAbsDiff).toBeLessThan(1e-5);
      expect(c.numpyMs).toBeGreaterThanOrEqual(0);
    }
    const totals = summary.numpyReference as { maxAbsDiff: number; fthetaOverNumpyTime: number | null };
    expect(totals.maxAbsDiff).toBeLessThan(1e-5);
  } else {
    console.warn(`numpy side not measured: ${reference.reason}`);
    expect(reference.reason).toMatch(/\S/);
  }
  expect((report.ftheta as { tensorsLeaked: number }).tensorsLeaked).toBe(0);
  expect((report.training as unknown[]).length).toBe(3);
  expect(lines.some((l) => l.startsWith('base: step'))).toBe(true);
}, 120_000);
