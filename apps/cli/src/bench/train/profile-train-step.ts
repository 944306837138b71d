/**
 * Where one training step's time goes: tfjs's kernel profiler (`tf.profile`) over forward + loss +
 * backward (lossAndGrads), global-norm clipping and one AdamW update — the same calls `train()`
 * makes per step — with kernel times summed by kernel name, so the next optimisation goes where
 * the time is.
 */
import type { CausalLM } from '@ftheta/core-model';
import { AdamW, type AdamWOptions, type Batch, type ClippedGradients, clipByGlobalNorm, crossEntropy, disposeNamed, lossAndGrads } from '@ftheta/trainer';
import * as tf from '@tensorflow/tfjs-core';
import { round } from '../../util/stats';

/** Kernel time of one kernel name over the profiled step. */
export interface KernelTotal {
  kernel: string;
  ms: number;
  /** Share of the summed kernel time. */
  share: number;
  calls: number;
}

/** A profiled training step. */
export interface TrainStepProfile {
  what: string;
  /** Wall time of the profiled step (the profiler reads every kernel back: slower than a timed step). */
  wallMs: number;
  /** Sum of kernel times; wall − kernels is JS/engine overhead (autodiff tape, bookkeeping, dispatch). */
  kernelMs: number;
  kernelCalls: number;
  /** Kernel names by total time, slowest first (top `topN`). */
  byKernel: KernelTotal[];
  /** The slowest single kernel calls, with their input shapes. */
  slowestCalls: { kernel: string; ms: number; inputShapes: number[][] }[];
}

/** Sums profiler records by kernel name (pure; exported for tests). */
export function totalsByKernel(kernels: readonly { name: string; kernelTimeMs: number | { error: string } }[], topN: number): { kernelMs: number; byKernel: KernelTotal[] } {
  const by = new Map<string, { ms: number; calls: number }>();
  let kernelMs = 0;
  for (const k of kernels) {
    const ms = Number(k.kernelTimeMs) || 0;
    kernelMs += ms;
    const e = by.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += ms;
    e.calls++;
    by.set(k.name, e);
  }
  const byKernel = [...by.entries()]
    .map(([kernel, e]) => ({ kernel, ms: round(e.ms, 2), share: kernelMs > 0 ? round(e.ms / kernelMs, 3) : 0, calls: e.calls }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, topN);
  return { kernelMs: round(kernelMs, 2), byKernel };
}

/**
 * Profiles one full training step on `batch` (after one unprofiled warm-up step) with a throwaway
 * AdamW: this updates the model's θ twice, so call it after the run's last evaluation.
 */
export async function profileTrainStep(model: CausalLM, batch: Batch, optimizer: AdamWOptions, clipNorm: number, topN = 10): Promise<TrainStepProfile> {
  const opt = new AdamW(model.params, optimizer);
  const step = () => {
    const { grads } = lossAndGrads(model, batch, crossEntropy);
    let clipped: ClippedGradients;
    try {
      clipped = clipByGlobalNorm(grads, clipNorm);
    } finally {
      disposeNamed(grads);
    }
    try {
      opt.apply(clipped.grads, 1e-4);
    } finally {
      disposeNamed(clipped.grads);
    }
  };
  try {
    step();
    const t0 = performance.now();
    const info = await tf.profile(step);
    const wallMs = performance.now() - t0;
    const { kernelMs, byKernel } = totalsByKernel(info.kernels as { name: string; kernelTimeMs: number }[], topN);
    const slowestCalls = [...info.kernels]
      .sort((a, b) => (Number(b.kernelTimeMs) || 0) - (Number(a.kernelTimeMs) || 0))
      .slice(0, topN)
      .map((k) => ({ kernel: k.name, ms: round(Number(k.kernelTimeMs) || 0, 3), inputShapes: k.inputShapes as number[][] }));
    return {
      what: `one training step (forward + cross-entropy + backward, clip to ${clipNorm}, AdamW) on a ${batch.batchSize}×${batch.seqLen} batch`,
      wallMs: round(wallMs, 1),
      kernelMs,
      kernelCalls: info.kernels.length,
      byKernel,
      slowestCalls,
    };
  } finally {
    opt.dispose();
  }
}
