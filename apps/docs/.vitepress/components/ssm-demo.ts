/**
 * The live part of guide/ssm.md: a Transformer (RoPE, so any context) and a Mamba of about the same
 * parameter count, both with random weights, and the decode cost of each against context length —
 * @ftheta/ssm's `measureDecodeCostAsync`, the same measurement as `ftheta bench ssm`, yielding to
 * the browser between pieces of work. Browser only: SsmDemo.vue imports this module dynamically
 * from onMounted, so VitePress's server-side render never loads tfjs.
 */
import { type BackendInfo, initBackend } from '@ftheta/backend';
import { type CausalLM, countParameters, formatParameterCount, initTransformer, parseTransformerConfig } from '@ftheta/core-model';
import { type DecodeCostEvent, type DecodePoint, countMambaParameters, initMamba, measureDecodeCostAsync, parseMambaConfig } from '@ftheta/ssm';
import * as tf from '@tensorflow/tfjs-core';
import { WASM_PATHS } from './wasm-paths';

/** Everything that decides the run. */
export const BENCH = {
  width: 128,
  transformerLayers: 4,
  heads: 4,
  vocab: 256,
  /** Mamba: SSM state size N and expansion (d_inner = expand × width), HF's defaults. */
  stateSize: 16,
  expand: 2,
  contexts: [64, 256, 1024, 4096],
  /** Added when the reader asks for it: the Transformer's prefill to it takes a while. */
  longContext: 16384,
  /** Tokens per prefill forward call (a long prompt is read in pieces like this). */
  prefillChunk: 256,
  /**
   * Timed single-token calls per context (the median is shown), in rounds of one call per context,
   * after `warmup` untimed rounds.
   */
  steps: 15,
  warmup: 3,
  seed: 3,
} as const;

export type Arch = 'transformer' | 'mamba';
export const ARCHS: readonly Arch[] = ['transformer', 'mamba'];

/** One model of the pair. */
export interface BenchModel {
  arch: Arch;
  model: CausalLM;
  layers: number;
  parameters: number;
  parametersText: string;
}

/** Starts the backend the reader chose ('auto': what initBackend picks, webgl where it can train, else wasm). */
export function startBackend(prefer: 'auto' | 'wasm' | 'webgl'): Promise<BackendInfo> {
  return initBackend({ prefer, wasmPaths: WASM_PATHS });
}

/**
 * The pair, freshly initialised: a GPT-2-style Transformer with RoPE (n_positions only caps the
 * context; there is no position table) and the Mamba (hidden = width) whose depth brings its
 * parameter count closest to the Transformer's.
 */
export function makePair(maxContext: number): [BenchModel, BenchModel] {
  const tConfig = parseTransformerConfig({
    model_type: 'gpt2',
    vocab_size: BENCH.vocab,
    n_positions: maxContext + 64,
    n_embd: BENCH.width,
    n_layer: BENCH.transformerLayers,
    n_head: BENCH.heads,
    position_embedding_type: 'rope',
  });
  const tParams = countParameters(tConfig);
  const mConfigOf = (layers: number) =>
    parseMambaConfig({ hidden_size: BENCH.width, num_hidden_layers: layers, vocab_size: BENCH.vocab, state_size: BENCH.stateSize, expand: BENCH.expand });
  let layers = 1;
  while (Math.abs(countMambaParameters(mConfigOf(layers + 1)) - tParams) < Math.abs(countMambaParameters(mConfigOf(layers)) - tParams)) layers++;
  const mConfig = mConfigOf(layers);
  const mParams = countMambaParameters(mConfig);
  const transformer = initTransformer(tConfig, { seed: BENCH.seed });
  return [
    { arch: 'transformer', model: transformer, layers: BENCH.transformerLayers, parameters: tParams, parametersText: formatParameterCount(tParams) },
    { arch: 'mamba', model: initMamba(mConfig, { seed: BENCH.seed }), layers, parameters: mParams, parametersText: formatParameterCount(mParams) },
  ];
}

/**
 * Hands control back to the browser (it may paint and handle input) and resumes at once. A message
 * to ourselves, not setTimeout: timers in a background tab run at most once a second.
 */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Progress of {@link runBench}. */
export interface BenchCallbacks {
  onEvent(arch: Arch, e: DecodeCostEvent): void;
}

/** Live tensors now (the page shows that a run leaves none behind). */
export const liveTensors = () => tf.memory().numTensors;

/**
 * Decode cost of each model of `pair` at every context, one model after the other (the same random
 * prompt for both). Disposes each model's states; the caller disposes the models.
 */
export async function runBench(pair: readonly BenchModel[], contexts: readonly number[], callbacks: BenchCallbacks, signal: AbortSignal): Promise<Record<Arch, DecodePoint[]>> {
  const out = { transformer: [], mamba: [] } as Record<Arch, DecodePoint[]>;
  for (const m of pair) {
    out[m.arch] = await measureDecodeCostAsync(
      m.model,
      { contexts, prefillChunk: BENCH.prefillChunk, steps: BENCH.steps, warmup: BENCH.warmup, vocab: BENCH.vocab, seed: BENCH.seed },
      { pause: yieldToBrowser, onEvent: (e) => callbacks.onEvent(m.arch, e), signal },
    );
  }
  return out;
}
