/**
 * `ftheta bench generate`: a GPT-2-small-shaped model (random weights) on tfjs wasm through ftheta's
 * Transformer, beside onnxruntime-web's WASM backend (the engine under transformers.js) on the same
 * weights exported to ONNX by PyTorch, in one run: prefill tokens/s and decode ms/token with and
 * without the KV cache at each context. See ./cases.ts for what a context means.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { initBackend } from '@ftheta/backend';
import pkg from '../../../package.json';
import type { Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { round } from '../../util/stats';
import type { Measurement } from '../measure';
import type { BenchContext, ScenarioReport } from '../scenario';
import { type StepProfile, profileForward } from './profile-step';
import { benchTokens, FULL_CASES, type GenerateCases, gpt2ParameterCount, QUICK_CASES } from './cases';
import { ensureOnnxExport, type OnnxExport } from './export-onnx';
import { ensureCheckpoint, type FthetaContextTiming, fthetaCheckLogits, loadFthetaModel, timeFthetaSide } from './ftheta-side';
import { type OrtRun, type RawTiming, runOrtSide } from './ort-side';
import { benchCacheDir } from './paths';
import { goalStatus, maxAbsDiff, medianSec, type RatiosVsOrt, ratiosVsOrt, type SideTimes, sideFigures } from './summary';

/** Options beyond the bench context (tests point the cache at a temp folder). */
export interface GenerateBenchOptions {
  cacheDir?: string;
  cases?: GenerateCases;
}

const timingRecord = (m: { samplesSec: number[]; repsPerSample: number; warmupReps: number }) => ({
  medianMs: round(medianSec(m.samplesSec) * 1000, 3),
  samplesMs: m.samplesSec.map((s) => round(s * 1000, 3)),
  repsPerSample: m.repsPerSample,
  warmupReps: m.warmupReps,
});

/** Runs the scenario and returns its report (summary first). */
export async function runGenerateBench(context: BenchContext, options: GenerateBenchOptions = {}): Promise<ScenarioReport> {
  const { quick, progress } = context;
  const cases = options.cases ?? (quick ? QUICK_CASES : FULL_CASES);
  const maxContext = Math.max(...cases.contexts);
  if (maxContext > cases.model.n_positions) throw new Error(`context ${maxContext} exceeds n_positions ${cases.model.n_positions}`);
  const tokens = benchTokens(maxContext, cases.model.vocab_size);
  const checkpointDir = join(options.cacheDir ?? benchCacheDir(), `${cases.model.id}-seed${cases.seed}`);

  const backend = await initBackend({ prefer: 'wasm', onWarning: (m) => progress(`warning: ${m}`) });
  progress(`tfjs backend ${backend.name} (simd ${backend.simd}, threads ${backend.threads})`);
  const wrote = await ensureCheckpoint(checkpointDir, cases.model, cases.seed);
  progress(`${wrote ? 'wrote' : 'reusing'} random weights (${gpt2ParameterCount(cases.model)} parameters) in ${checkpointDir}`);

  // ONNX side first, in child processes, while this process holds no model.
  const exported: OnnxExport = await ensureOnnxExport(checkpointDir, cases.checkTokens, { timeoutMs: quick ? 120_000 : 1_200_000, progress });
  if (!exported.ok) progress(`onnxruntime-web side skipped: ${exported.reason}`);
  else progress(`ONNX graphs ${exported.cached ? 'reused from' : 'exported to'} ${exported.dir}`);
  const ortRuns = new Map<number, OrtRun>();
  if (exported.ok) {
    for (const threads of cases.ortThreads) {
      progress(`onnxruntime-web, ${threads} thread(s)`);
      const run = await runOrtSide(
        { onnxDir: exported.dir, threads, contexts: cases.contexts, tokens, checkTokens: cases.checkTokens, fullMethod: cases.fullMethod, stepMethod: cases.stepMethod },
        { timeoutMs: quick ? 120_000 : 1_800_000, progress },
      );
      if (!run.ok) progress(`onnxruntime-web with ${threads} thread(s) failed: ${run.reason}`);
      ortRuns.set(threads, run);
    }
  }

  progress('ftheta: loading the checkpoint');
  const model: Transformer = await loadFthetaModel(checkpointDir);
  let check: ReturnType<typeof fthetaCheckLogits>;
  let ftheta: FthetaContextTiming[];
  const profiles: StepProfile[] = [];
  try {
    check = fthetaCheckLogits(model, cases.checkTokens);
    ftheta = timeFthetaSide(model, tokens, cases.contexts, { full: cases.fullMethod, step: cases.stepMethod }, progress);
    progress('ftheta: profiling kernels (tf.profile)');
    for (const c of [cases.contexts[0], maxContext]) {
      const prefix = tf.tensor2d(tokens.slice(0, c - 1), [1, c - 1], 'int32');
      const filled = model.forward(prefix);
      tf.dispose([prefix, filled.logits]);
      try {
        profiles.push(await profileForward(model, tokens.slice(c - 1, c), filled.state, `cached decode step at context ${c}`));
      } finally {
        filled.state.dispose();
      }
    }
    const p = cases.prefillContexts[cases.prefillContexts.length - 1];
    profiles.push(await profileForward(model, tokens.slice(0, p), undefined, `full forward (prefill) of ${p} tokens`));
  } finally {
    model.dispose();
  }

  // Correctness: the same function on both sides, and both equal to PyTorch's reference.
  const torchLogits = exported.ok ? Float32Array.from(exported.torchCheck.logits.flat()) : null;
  const ortCheck = (t: number) => {
    const r = ortRuns.get(t);
    return r?.ok ? r.checkLogits : null;
  };
  const err = (a: Float32Array | null, b: Float32Array | null) => (a && b ? maxAbsDiff(a, b) : null);
  const correctness = {
    tokens: cases.checkTokens,
    calls: 'prefill of all but the last token, then one cached step; logits of every position compared',
    tolerance: cases.tolerance,
    fthetaVsTorchMaxAbs: err(check.logits, torchLogits),
    fthetaCachedVsFullForwardMaxAbs: check.cacheVsFullMaxAbs,
    ortVsTorchMaxAbs: Object.fromEntries(cases.ortThreads.map((t) => [`${t}T`, err(ortCheck(t), torchLogits)])),
    fthetaVsOrtMaxAbs: Object.fromEntries(cases.ortThreads.map((t) => [`${t}T`, err(check.logits, ortCheck(t))])),
  };
  const errors = [correctness.fthetaVsTorchMaxAbs, correctness.fthetaCachedVsFullForwardMaxAbs, ...Object.values(correctness.fthetaVsOrtMaxAbs), ...Object.values(correctness.ortVsTorchMaxAbs)];
  const correct = errors.every((e) => e === null || e <= cases.tolerance);
  if (!correct) progress(`warning: logits differ beyond ${cases.tolerance}: ${JSON.stringify(correctness)}`);

  const fthetaTimes = new Map<number, SideTimes>(ftheta.map((f) => [f.context, { fullSec: f.full.medianSec, cachedSec: f.cached.medianSec }]));
  const ortTimes = (t: number): Map<number, SideTimes> | null => {
    const r = ortRuns.get(t);
    return r?.ok ? new Map(r.data.cases.map((c) => [c.context, { fullSec: medianSec(c.full.samplesSec), cachedSec: medianSec(c.cached.samplesSec) }])) : null;
  };
  const ratios: RatiosVsOrt[] = [];
  for (const t of cases.ortThreads) {
    const o = ortTimes(t);
    if (o) ratios.push(ratiosVsOrt(t, fthetaTimes, o, cases.prefillContexts));
  }
  const headline = ratios.find((r) => r.ortThreads === backend.threads) ?? null;
  const ortInfo = (t: number) => {
    const r = ortRuns.get(t);
    if (!r) return { threadsRequested: t, measured: false, reason: exported.ok ? 'not run' : exported.reason };
    if (!r.ok) return { threadsRequested: t, measured: false, reason: r.reason };
    const { cases: _c, ...rest } = r.data;
    return { ...rest, measured: true, loadSec: round(r.data.loadSec, 2) };
  };

  const summary = {
    direction: 'every ratio is ftheta speed / onnxruntime-web speed (= ORT time / ftheta time): > 1 means ftheta is faster',
    threads: { ftheta: backend.threads, onnxruntimeWebHeadline: headline?.ortThreads ?? null },
    ...(headline
      ? {
          prefillTokensPerSecFthetaOverOrt: headline.prefillTokensPerSecFthetaOverOrt,
          decodeCachedSpeedFthetaOverOrt: headline.decodeCachedSpeedFthetaOverOrt,
          decodeNoCacheSpeedFthetaOverOrt: headline.decodeNoCacheSpeedFthetaOverOrt,
          goal: goalStatus(headline),
        }
      : { onnxruntimeWeb: exported.ok ? 'not measured (see ort)' : `not measured: ${exported.reason}` }),
    otherThreadCounts: ratios.filter((r) => r !== headline),
    correct,
  };

  const perContext = cases.contexts.map((c) => {
    const f = ftheta.find((x) => x.context === c)!;
    const ortAt = Object.fromEntries(
      cases.ortThreads.flatMap((t) => {
        const r = ortRuns.get(t);
        const oc = r?.ok ? r.data.cases.find((x) => x.context === c) : undefined;
        if (!oc) return [];
        const times = { fullSec: medianSec(oc.full.samplesSec), cachedSec: medianSec(oc.cached.samplesSec) };
        return [[`ort${t}T`, { ...sideFigures(c, times), timing: { full: timingRecord(oc.full as RawTiming), cached: timingRecord(oc.cached as RawTiming) } }]];
      }),
    );
    return {
      context: c,
      ftheta: { ...sideFigures(c, { fullSec: f.full.medianSec, cachedSec: f.cached.medianSec }), timing: { full: timingRecord(f.full as Measurement), cached: timingRecord(f.cached as Measurement) } },
      ...ortAt,
    };
  });

  return {
    summary,
    versions: {
      '@ftheta/core-model': readVersion('@ftheta/core-model'),
      'onnxruntime-web': firstOk(ortRuns)?.data.version ?? pinnedOrtVersion(),
      torch: exported.ok ? exported.info.torch : null,
    },
    model: {
      ...cases.model,
      parameters: gpt2ParameterCount(cases.model),
      seed: cases.seed,
      weights: 'random (ftheta initTransformer, GPT-2 init); both sides load the same model.safetensors',
      checkpointDir,
    },
    correctness,
    ftheta: {
      backend: backend.name,
      simd: backend.simd,
      threads: backend.threads,
      kernels: backend.kernels.map((k) => k.kernel),
      profile: profiles,
    },
    ort: {
      export: exported.ok
        ? { dir: exported.dir, cached: exported.cached, exportSec: exported.exportSec === null ? null : round(exported.exportSec, 1), opset: exported.info.opset, torch: exported.info.torch, graphs: exported.info.graphs }
        : { reason: exported.reason },
      runs: cases.ortThreads.map(ortInfo),
    },
    contexts: perContext,
    method: {
      context: 'at context c: "no cache" = one forward over c tokens (positions 0..c-1), which is also the prefill of a c-token prompt (tokens/s = c / time); "cached" = one forward of 1 token over a KV cache of c-1 tokens (every timed step reuses the same cache)',
      logits: 'both sides compute logits for every position and return them in JS memory (ftheta: dataSync; onnxruntime-web: run() outputs, which also copies the present K/V out of its wasm heap and the past K/V in)',
      fullForward: cases.fullMethod,
      decodeStep: cases.stepMethod,
      timing: 'median of per-sample times (../measure.ts method; onnxruntime-web in a child Node process per thread count, awaiting each run)',
      ortGraphs: 'apps/cli/scripts/export-gpt2-onnx.py: torch.onnx.export of gpt_ref.py loaded from the checkpoint; prefill.onnx (ids -> logits + present K/V) and decode.onnx (ids + past K/V with dynamic past length -> logits + present K/V); opset 14, graphOptimizationLevel all',
      threads: 'tfjs wasm runs one thread in Node (threads are hard-coded off there); onnxruntime-web threads via numThreads (its wasm pthreads run on worker_threads in Node); the headline compares equal thread counts',
    },
    notes: quick ? ['quick run: tiny model, not for quoting'] : [],
  };
}

function firstOk(runs: Map<number, OrtRun>): Extract<OrtRun, { ok: true }> | undefined {
  for (const r of runs.values()) if (r.ok) return r;
  return undefined;
}

/** onnxruntime-web's package.json is not exported: the version pinned in this CLI's package.json. */
function pinnedOrtVersion(): string | null {
  return (pkg as { devDependencies?: Record<string, string> }).devDependencies?.['onnxruntime-web'] ?? null;
}

function readVersion(name: string): string | null {
  try {
    return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}
