// The quick run end to end (a tiny fact model, a few steps): the report's shape, not its scores.
import { expect, it } from 'vitest';
import { runEditBench } from './run-edit-bench';

it('trains a fact model, traces, sweeps layers, edits by ROME / FT / MEMIT and checks the closed forms against NumPy', async () => {
  const lines: string[] = [];
  const report = await runEditBench({ quick: true, progress: (m) => lines.push(m) });
  expect(Object.keys(report)[0]).toBe('summary');
  const summary = report.summary as Record<string, Record<string, unknown>>;
  expect(Object.keys(summary).slice(0, 6)).toEqual(['goal', 'factModel', 'rome', 'fineTuning', 'memit', 'unedited']);
  for (const k of ['rome', 'fineTuning', 'memit', 'unedited']) {
    for (const m of ['efficacy', 'paraphrase', 'neighborhood', 'score']) {
      expect(summary[k]![m]).toBeGreaterThanOrEqual(0);
      expect(summary[k]![m]).toBeLessThanOrEqual(100);
    }
  }
  expect(typeof summary.goal!.romeMet).toBe('boolean');
  expect((report.layerSweep as unknown[]).length).toBe(1); // a 2-layer model: layer 0 only
  const trace = report.causalTrace as Record<string, { rows: string[] }>;
  expect(trace.hidden!.rows).toEqual(['embed', '0', '1']);
  const reference = report.reference as { measured: boolean; perCase?: { relDiff: number }[]; reason?: string };
  if (reference.measured) {
    expect(reference.perCase!.length).toBe(2);
    for (const c of reference.perCase!) expect(c.relDiff).toBeLessThan(1e-4);
  } else {
    console.warn(`numpy side not measured: ${reference.reason}`);
  }
  expect(lines.some((l) => l.startsWith('MEMIT'))).toBe(true);
});
