/**
 * `ftheta bench merge-tasks`: one base model, two full fine-tunes on two different instruction
 * tasks, then merges of them by every method of @ftheta/merging over a small grid of parameters;
 * the greedy accuracy of each model on every task (held-out prompts), how much of each fine-tune's
 * own-task accuracy each merge keeps, and the same merges by the independent NumPy reference
 * (max |difference| of the merged tensors, time of each side).
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import { initBackend } from '@ftheta/backend';
import { INSTRUCTION_TASKS } from '@ftheta/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { round } from '../../util/stats';
import type { BenchContext, ScenarioReport } from '../scenario';
import { mergeCases, mergeModels } from './merge-cases';
import { maxAbsDifference, numpyMerge } from './numpy-merge';
import { FULL_RECIPE, type MergeTasksRecipe, QUICK_RECIPE } from './recipe';
import { type ModelScore, scoreWeights } from './score-model';
import { type FineTuneOwn, mergeTasksSummary, type ReferenceTotals } from './summary';
import { trainCheckpoints } from './train-checkpoints';

/** Options beyond the bench context (tests pass a smaller recipe or skip NumPy). */
export interface MergeTasksBenchOptions {
  recipe?: MergeTasksRecipe;
  /** Run the NumPy reference (default true). */
  numpy?: boolean;
}

const load = () => os.loadavg().map((x) => round(x, 2));

function readVersion(name: string): string | null {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

/** One row of the accuracy table. */
interface TableRow {
  model: string;
  kind: 'base' | 'fine-tune' | 'merge';
  accuracy: Record<string, number>;
  correct: Record<string, number>;
  total: Record<string, number>;
  retained?: Record<string, number | null>;
  mergeMs?: number;
}

/** Runs the scenario and returns its report (summary first). */
export async function runMergeTasksBench(context: BenchContext, options: MergeTasksBenchOptions = {}): Promise<ScenarioReport> {
  const { quick, progress } = context;
  const recipe = options.recipe ?? (quick ? QUICK_RECIPE : FULL_RECIPE);
  const loadAtStart = load();
  const backend = await initBackend({ prefer: 'wasm', onWarning: (m) => progress(`warning: ${m}`) });
  progress(`tfjs backend ${backend.name} (simd ${backend.simd}, threads ${backend.threads}); ${recipe.threads} gradient threads`);
  const tensorsBefore = tf.memory().numTensors;
  const started = performance.now();

  const trained = await trainCheckpoints(recipe, progress);
  const trainSec = (performance.now() - started) / 1000;
  const { config, template, corpus, base, fineTunes } = trained;
  const examples = corpus.eval;
  const tasks = INSTRUCTION_TASKS.filter((t) => examples.some((e) => e.task === t));
  const fmtRow = (name: string, s: ModelScore) => `${name.padEnd(24)} ${tasks.map((t) => `${t} ${(100 * (s.accuracy[t] ?? 0)).toFixed(0).padStart(3)}%`).join('  ')}`;

  const scoreStarted = performance.now();
  const table: TableRow[] = [];
  const score = async (name: string, kind: TableRow['kind'], weights: typeof base) => {
    const s = await scoreWeights(config, weights, template, examples);
    progress(fmtRow(name, s));
    const row: TableRow = { model: name, kind, ...s };
    table.push(row);
    return row;
  };
  const baseRow = await score('base', 'base', base);
  const ftRows: TableRow[] = [];
  for (const [i, ft] of recipe.fineTunes.entries()) ftRows.push(await score(`fine-tune ${ft.name} (${ft.tasks.join('+')})`, 'fine-tune', fineTunes[i]!));
  const own: FineTuneOwn[] = recipe.fineTunes.map((ft, i) => ({ name: ft.name, task: ft.tasks[0]!, accuracy: ftRows[i]!.accuracy[ft.tasks[0]!] ?? 0 }));

  const cases = mergeCases(recipe);
  const merged = [];
  for (const c of cases) {
    const { weights, seconds } = mergeModels(c, base, fineTunes, recipe.dareSeed);
    const row = await score(c.label, 'merge', weights);
    row.mergeMs = round(seconds * 1000, 1);
    row.retained = Object.fromEntries(own.map((ft) => [`${ft.name}:${ft.task}`, ft.accuracy > 0 ? round((row.accuracy[ft.task] ?? 0) / ft.accuracy, 3) : null]));
    merged.push({ c, weights, seconds });
  }
  const scoreSec = (performance.now() - scoreStarted) / 1000;

  let reference: Record<string, unknown>;
  let totals: ReferenceTotals | null = null;
  if (options.numpy === false) reference = { measured: false, reason: 'skipped by option' };
  else {
    progress('numpy: the same merges of the same tensors with packages/merging/test/reference_merge.py');
    const np = await numpyMerge(cases, base, fineTunes, recipe.dareSeed, progress);
    if (!np.ok) {
      progress(`numpy side skipped: ${np.reason}`);
      reference = { measured: false, reason: np.reason };
    } else {
      const perCase = merged.map(({ c, weights, seconds }, i) => {
        const diff = maxAbsDifference(weights, np.merged[i]!);
        return { merge: c.label, method: c.method, maxAbsDiff: diff, fthetaMs: round(seconds * 1000, 1), numpyMs: round(np.seconds[i]! * 1000, 1), fthetaOverNumpyTime: np.seconds[i]! > 0 ? round(seconds / np.seconds[i]!, 3) : null };
      });
      totals = {
        maxAbsDiff: Math.max(...perCase.map((p) => p.maxAbsDiff)),
        fthetaMs: merged.reduce((t, m) => t + m.seconds * 1000, 0),
        numpyMs: np.seconds.reduce((t, x) => t + x * 1000, 0),
      };
      progress(`numpy: max |ftheta − numpy| over every merged tensor ${totals.maxAbsDiff.toExponential(2)}; merge time ftheta ${totals.fthetaMs.toFixed(0)} ms, numpy ${totals.numpyMs.toFixed(0)} ms`);
      reference = { measured: true, script: np.script, numpy: np.numpy, python: np.python, env: np.env, perCase };
    }
  }

  const parameters = [...base.values()].reduce((n, t) => n + t.data.length, 0);
  const tensorsLeaked = tf.memory().numTensors - tensorsBefore;
  const merges = table.filter((r) => r.kind === 'merge').map((r) => ({ label: r.model, accuracy: r.accuracy }));
  const summary = mergeTasksSummary(merges, own, recipe.base.tasks, baseRow.accuracy, totals);
  const pct = (x: number) => round(100 * x, 1);
  return {
    summary,
    versions: { '@ftheta/merging': readVersion('@ftheta/merging'), '@ftheta/trainer': readVersion('@ftheta/trainer'), '@ftheta/core-model': readVersion('@ftheta/core-model'), numpy: reference.measured ? (reference.numpy as string) : null },
    load: { atStart: loadAtStart, atEnd: load(), note: 'os.loadavg() 1/5/15 min; the machine is shared (2 cores): timings are noisy, accuracies are not' },
    table: table.map((r) => ({ model: r.model, kind: r.kind, accuracyPct: Object.fromEntries(tasks.map((t) => [t, pct(r.accuracy[t] ?? 0)])), retained: r.retained, correct: r.correct, total: r.total, mergeMs: r.mergeMs })),
    merges: cases,
    reference,
    recipe: { ...recipe, vocab: config.vocab_size, parameters },
    training: trained.runs,
    ftheta: { backend: backend.name, simd: backend.simd, threads: backend.threads, trainWallSec: round(trainSec, 1), scoreAndMergeWallSec: round(scoreSec, 1), tensorsLeaked },
    method: {
      models: `base: ${recipe.base.tasks.join(' + ')} from scratch, with a glimpse of ${recipe.base.glimpse.tasks.join(' + ')} (${recipe.base.glimpse.share}× as many examples of each as of its own tasks); each fine-tune: all the base's weights trained further on one new task, with ${recipe.fineTunes.map((f) => `${Math.round(f.replay * 100)}%`).join('/')} of its examples replayed from the base's tasks; @ftheta/trainer train() (AdamW, warmup + cosine, clip 1) with sftExamples (loss on the answers only) on ${recipe.threads} data-parallel gradient threads`,
      scoring: `greedy answers to the corpus's held-out prompts (${recipe.corpus.evalPerTask} per task; facts asks its ${corpus.facts.length} memorised facts), exact match, @ftheta/trainer evaluateTasks (the same scoring as ftheta demo and the docs)`,
      merges: 'each merge is applied tensor by tensor with @ftheta/merging pure functions over float32 arrays. linear: weighted sum of the two fine-tunes (model soup); task_arithmetic / ties / dare_ties: weights 1 and 1 on the task vectors τ = θ_ft − θ_base, with the density and λ of the label (ties normalize true, mergekit\'s default; dare_ties normalize false, rescale 1/density); slerp: from fine-tune A (t=0) to B (t=1); model stock: base + both fine-tunes',
      retained: 'merged accuracy on a fine-tune\'s own task / that fine-tune\'s accuracy there; every grid point is reported, the summary names the one whose worse ratio is highest',
      reference: 'packages/merging/test/reference_merge.py (NumPy, float64 inside) run on the very same tensors (raw float32 files) with the very same DARE keep-masks; times are the merge computation only on each side (no I/O), summed over tensors',
    },
    notes: quick
      ? ['quick run: a tiny model trained a few steps, not for quoting']
      : ['accuracies are deterministic for the recipe (seeded corpus, weights, batches; wasm); times are not (shared 2-core machine)'],
  };
}
