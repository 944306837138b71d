/**
 * ftheta's side of `ftheta bench generate`: the random GPT-2 checkpoint both sides load, and the
 * Transformer's timings (full forward = "without cache", one token over a KV cache = "with cache").
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromParamStore, initTransformer, parseTransformerConfig, toParamStore, Transformer } from '@ftheta/core-model';
import { loadCheckpointDir, saveCheckpointDir } from '@ftheta/core-model/node';
import * as tf from '@tensorflow/tfjs-core';
import { type Measurement, measure, type TimingMethod } from '../measure';
import type { GenerateModelShape } from './cases';

/** The HF config.json of a shape (GPT-2 defaults for the rest). */
export function shapeConfig(m: GenerateModelShape): Record<string, unknown> {
  const { id: _id, ...fields } = m;
  return { model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], ...fields, tie_word_embeddings: true };
}

/**
 * `dir` holds config.json + model.safetensors of ftheta's seeded random weights for `shape`
 * (written now unless a previous run left them, with the same config and seed). Returns whether it
 * was written now.
 */
export async function ensureCheckpoint(dir: string, shape: GenerateModelShape, seed: number): Promise<boolean> {
  const config = { ...shapeConfig(shape), ftheta_bench: { seed, init: 'initTransformer' } };
  const configFile = join(dir, 'config.json');
  const modelFile = join(dir, 'model.safetensors');
  if (existsSync(configFile) && existsSync(modelFile)) {
    const old = JSON.parse(await readFile(configFile, 'utf8')) as unknown;
    if (JSON.stringify(old) === JSON.stringify(config)) return false;
  }
  const model = initTransformer(parseTransformerConfig(config), { seed });
  let tensors: ReturnType<typeof fromParamStore>;
  try {
    tensors = fromParamStore(model.params);
  } finally {
    model.dispose();
  }
  // saveCheckpointDir writes config.json last, so a matching config.json means complete weights.
  await saveCheckpointDir(dir, { config, tensors });
  return true;
}

/** The Transformer on the checkpoint in `dir` (the same files the ONNX export reads). */
export async function loadFthetaModel(dir: string): Promise<Transformer> {
  const loaded = await loadCheckpointDir(dir);
  return new Transformer(parseTransformerConfig(loaded.config), toParamStore(loaded.tensors));
}

const ids2d = (tokens: readonly number[]) => tf.tensor2d(tokens as number[], [1, tokens.length], 'int32');

/**
 * Logits of a prefill of `tokens[0..n-2]` then one cached step on `tokens[n-1]` ([n, V] row-major,
 * the same calls the ONNX side makes), and the largest difference from one full forward over all
 * n tokens (the cache must not change the function).
 */
export function fthetaCheckLogits(model: Transformer, tokens: readonly number[]): { logits: Float32Array; cacheVsFullMaxAbs: number } {
  const pre = model.forward(ids2d(tokens.slice(0, -1)));
  const step = model.forward(ids2d(tokens.slice(-1)), pre.state);
  const full = model.forward(ids2d(tokens));
  const a = pre.logits.dataSync();
  const b = step.logits.dataSync();
  const logits = new Float32Array(a.length + b.length);
  logits.set(a, 0);
  logits.set(b, a.length);
  const f = full.logits.dataSync();
  let cacheVsFullMaxAbs = 0;
  for (let i = 0; i < f.length; i++) cacheVsFullMaxAbs = Math.max(cacheVsFullMaxAbs, Math.abs(f[i] - logits[i]));
  for (const r of [pre, step, full]) {
    r.logits.dispose();
    r.state.dispose();
  }
  return { logits, cacheVsFullMaxAbs };
}

/** ftheta's timings at one context. */
export interface FthetaContextTiming {
  context: number;
  /** One forward over `context` tokens (logits for every position, read back to JS). */
  full: Measurement;
  /** One token over a cache of `context - 1` tokens (its logits read back to JS). */
  cached: Measurement;
}

/**
 * Times the model at each context: wasm kernels run synchronously, so each forward has finished
 * when it returns; reading the logits back (`dataSync`) matches onnxruntime-web, whose `run`
 * returns its outputs in JS memory. Throws when a tensor is left behind.
 */
export function timeFthetaSide(
  model: Transformer,
  tokens: readonly number[],
  contexts: readonly number[],
  methods: { full: TimingMethod; step: TimingMethod },
  progress: (line: string) => void,
): FthetaContextTiming[] {
  const before = tf.memory().numTensors;
  const out: FthetaContextTiming[] = [];
  for (const context of contexts) {
    const all = ids2d(tokens.slice(0, context));
    const prefix = ids2d(tokens.slice(0, context - 1));
    const last = ids2d(tokens.slice(context - 1, context));
    const run = (ids: tf.Tensor2D, state?: Parameters<Transformer['forward']>[1]) => {
      const r = model.forward(ids, state);
      r.logits.dataSync();
      r.logits.dispose();
      r.state.dispose();
    };
    try {
      const full = measure(() => run(all), methods.full);
      const filled = model.forward(prefix);
      filled.logits.dispose();
      let cached: Measurement;
      try {
        cached = measure(() => run(last, filled.state), methods.step);
      } finally {
        filled.state.dispose();
      }
      out.push({ context, full, cached });
      progress(`ctx ${String(context).padStart(4)}  ftheta  full ${(full.medianSec * 1000).toFixed(1)} ms  cached ${(cached.medianSec * 1000).toFixed(2)} ms/token`);
    } finally {
      tf.dispose([all, prefix, last]);
    }
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`generate bench: ftheta left ${leaked} tensors undisposed`);
  return out;
}
