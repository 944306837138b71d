/**
 * The headline of merge-tasks: for every merge, the share of each fine-tune's accuracy on its own
 * task that the merged model keeps (retained = merged accuracy / fine-tune accuracy), and whether
 * one merge keeps ≥ 90% of both — issue #7's goal.
 */
import { round } from '../../util/stats';

/** The goal: one merged model keeps at least this share of each fine-tune's own-task accuracy. */
export const RETAINED_GOAL = 0.9;

/** One merge's row of the summary. */
export interface MergeRow {
  label: string;
  /** Accuracy per task of the merged model. */
  accuracy: Record<string, number>;
}

/** What each fine-tune was trained for, and its accuracy there. */
export interface FineTuneOwn {
  name: string;
  task: string;
  accuracy: number;
}

/** retained per fine-tune (null when the fine-tune scored 0 on its own task: no ratio). */
export function retained(row: MergeRow, fineTunes: readonly FineTuneOwn[]): Array<number | null> {
  return fineTunes.map((ft) => (ft.accuracy > 0 ? round((row.accuracy[ft.task] ?? 0) / ft.accuracy, 3) : null));
}

/** The NumPy reference beside ftheta over every merge: the largest |difference| of a merged value and each side's total merge time. */
export interface ReferenceTotals {
  maxAbsDiff: number;
  fthetaMs: number;
  numpyMs: number;
}

/** The summary object written first in merge-tasks.json. */
export function mergeTasksSummary(rows: readonly MergeRow[], fineTunes: readonly FineTuneOwn[], baseTasks: readonly string[], base: Record<string, number>, reference: ReferenceTotals | null) {
  const ratios = rows.map((row) => ({ row, r: retained(row, fineTunes) }));
  const worst = (r: Array<number | null>) => (r.some((x) => x === null) ? null : Math.min(...(r as number[])));
  const ranked = [...ratios].sort((a, b) => (worst(b.r) ?? -1) - (worst(a.r) ?? -1));
  const best = ranked[0];
  const baseTaskMean = (acc: Record<string, number>) => (baseTasks.length ? round(baseTasks.reduce((s, t) => s + (acc[t] ?? 0), 0) / baseTasks.length, 3) : null);
  return {
    goal: { rule: `one merge keeps >= ${RETAINED_GOAL * 100}% of each fine-tune's accuracy on its own task (retained = merged acc / fine-tune acc)`, met: best !== undefined && (worst(best.r) ?? 0) >= RETAINED_GOAL },
    best: best
      ? {
          merge: best.row.label,
          retained: Object.fromEntries(fineTunes.map((ft, i) => [`${ft.name}:${ft.task}`, best.r[i]])),
          minRetained: worst(best.r),
          accuracy: roundAll(best.row.accuracy),
        }
      : null,
    retainedByMerge: Object.fromEntries(ratios.map(({ row, r }) => [row.label, Object.fromEntries(fineTunes.map((ft, i) => [`${ft.name}:${ft.task}`, r[i]]))])),
    fineTuneOwnAccuracy: Object.fromEntries(fineTunes.map((ft) => [`${ft.name}:${ft.task}`, round(ft.accuracy, 3)])),
    baseTasks: { tasks: baseTasks, baseModelMean: baseTaskMean(base), bestMergeMean: best ? baseTaskMean(best.row.accuracy) : null },
    numpyReference: reference
      ? { maxAbsDiff: reference.maxAbsDiff, fthetaMs: round(reference.fthetaMs, 1), numpyMs: round(reference.numpyMs, 1), fthetaOverNumpyTime: reference.numpyMs > 0 ? round(reference.fthetaMs / reference.numpyMs, 3) : null }
      : null,
  };
}

function roundAll(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v, 3)]));
}
