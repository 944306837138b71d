/**
 * Where ftheta's time goes in one forward: tfjs's kernel profiler (`tf.profile`) over one call,
 * kernel times grouped into what they do (weight matMuls, the LM head, attention matMuls, cache
 * concat, softmax, elementwise/norm work), so the next optimisation goes where the time is.
 */
import type { KvCache, Transformer } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { round } from '../../util/stats';

/** One group of kernels. */
export interface ProfileGroup {
  group: string;
  ms: number;
  /** Share of the summed kernel time. */
  share: number;
  calls: number;
}

/** A profiled forward call. */
export interface StepProfile {
  what: string;
  /** Wall time of the profiled call (includes the profiler's own reads; slower than the timed runs). */
  wallMs: number;
  /** Sum of kernel times; wall - kernels is JS/engine overhead (tensor bookkeeping, tidy, dispatch). */
  kernelMs: number;
  groups: ProfileGroup[];
  /** The slowest kernel calls, with their input shapes. */
  top: { kernel: string; ms: number; inputShapes: number[][] }[];
}

/** What a kernel call does, from its name and input shapes. */
export function kernelGroup(name: string, inputShapes: number[][], vocab: number): string {
  if (name === 'BatchMatMul' || name === '_FusedMatMul') {
    const [a, b] = inputShapes;
    if (a?.length === 4 || (b && b.length === 4)) return 'matMul: attention (q·kᵀ, att·v)';
    if (b?.includes(vocab)) return 'matMul: LM head (x·wteᵀ)';
    return 'matMul: weights (c_attn, c_proj, c_fc, mlp c_proj)';
  }
  if (name === 'Concat') return 'KV cache concat';
  if (name === 'Softmax') return 'softmax';
  if (name === 'Transpose' || name === 'Reshape' || name === 'SplitV' || name === 'Slice' || name === 'Unpack') return 'transpose/split/slice/reshape';
  if (name === 'GatherV2') return 'embedding gather';
  return `other: ${name}`;
}

/**
 * Profiles `model.forward(ids, cache)` once (after one unprofiled warm-up call) and groups the
 * kernel times.
 */
export async function profileForward(model: Transformer, tokens: readonly number[], cache: KvCache | undefined, what: string): Promise<StepProfile> {
  const ids = tf.tensor2d(tokens as number[], [1, tokens.length], 'int32');
  const call = () => {
    const r = model.forward(ids, cache);
    r.logits.dataSync();
    r.logits.dispose();
    r.state.dispose();
  };
  try {
    call();
    const t0 = performance.now();
    const info = await tf.profile(call);
    const wallMs = performance.now() - t0;
    const vocab = model.config.vocab_size;
    const byGroup = new Map<string, { ms: number; calls: number }>();
    let kernelMs = 0;
    for (const k of info.kernels) {
      const ms = Number(k.kernelTimeMs) || 0;
      kernelMs += ms;
      const g = kernelGroup(k.name, k.inputShapes as number[][], vocab);
      const e = byGroup.get(g) ?? { ms: 0, calls: 0 };
      e.ms += ms;
      e.calls++;
      byGroup.set(g, e);
    }
    const groups = [...byGroup.entries()]
      .map(([group, e]) => ({ group, ms: round(e.ms, 2), share: kernelMs > 0 ? round(e.ms / kernelMs, 3) : 0, calls: e.calls }))
      .sort((a, b) => b.ms - a.ms);
    const top = [...info.kernels]
      .sort((a, b) => (Number(b.kernelTimeMs) || 0) - (Number(a.kernelTimeMs) || 0))
      .slice(0, 8)
      .map((k) => ({ kernel: k.name, ms: round(Number(k.kernelTimeMs) || 0, 2), inputShapes: k.inputShapes as number[][] }));
    return { what, wallMs: round(wallMs, 2), kernelMs: round(kernelMs, 2), groups, top };
  } finally {
    ids.dispose();
  }
}
