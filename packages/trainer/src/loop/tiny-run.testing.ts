/** Test helpers (not exported): a tiny seeded Transformer and a synthetic corpus. */
import { initTransformer, parseTransformerConfig, toParamStore, Transformer, type HostTensor } from '@ftheta/core-model';
import { randomWindows, type BatchSource } from '../data';

export const TINY_CONFIG = parseTransformerConfig({
  model_type: 'gpt2',
  vocab_size: 16,
  n_positions: 16,
  n_embd: 16,
  n_layer: 2,
  n_head: 2,
});

export function tinyModel(seed = 1): Transformer {
  return initTransformer(TINY_CONFIG, { seed });
}

export function modelFromParams(params: Map<string, HostTensor>): Transformer {
  return new Transformer(TINY_CONFIG, toParamStore(params));
}

/** A learnable stream: mostly t+1 mod 16 with seeded noise. */
export function corpus(n = 4000, seed = 7): Uint16Array {
  const out = new Uint16Array(n);
  let s = seed >>> 0;
  for (let i = 1; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % 10 === 0 ? s % 16 : (out[i - 1] + 1) % 16;
  }
  return out;
}

export function sources(batchSize = 4, seqLen = 8): { train: BatchSource; val: BatchSource } {
  const tokens = corpus();
  return {
    train: randomWindows(tokens.subarray(0, 3600), { batchSize, seqLen, seed: 11 }),
    val: randomWindows(tokens.subarray(3600), { batchSize, seqLen, seed: 12 }),
  };
}
