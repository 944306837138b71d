/** A Transformer from named float32 arrays (what a safetensors reader gives). */
import * as tf from '@tensorflow/tfjs-core';
import { parameterShapes, type TransformerConfig } from '../config';
import { ParamStore } from '../contract';
import { Transformer, type TransformerOptions } from './transformer';

/** One named array: shape and row-major float32 data. */
export interface WeightArray {
  shape: number[];
  data: Float32Array;
}

/** Buffers some HF GPT-2 checkpoints carry that are not parameters (causal-mask constants). */
const IGNORED = /\.attn\.(masked_)?bias$/;

/**
 * Builds a {@link Transformer} from HF-named arrays (copies them into tf variables), e.g. a loaded
 * checkpoint's `tensors`. Accepts what HF GPT-2 checkpoints contain besides the parameters:
 * `attn.bias` / `attn.masked_bias` mask buffers are skipped, and a `lm_head.weight` in a tied model
 * is dropped when it equals `wte`; when it differs, the head is used untied (the model's config
 * then says `tie_word_embeddings: false`), as the PyTorch reference and src/checkpoint do.
 * Missing, unexpected or misshapen weights throw by name.
 */
export function transformerFromWeights(
  config: TransformerConfig,
  weights: ReadonlyMap<string, WeightArray>,
  options: TransformerOptions = {},
): Transformer {
  const head = weights.get('lm_head.weight');
  const wte = weights.get('transformer.wte.weight');
  if (config.tie_word_embeddings && head && !(wte && sameValues(head.data, wte.data))) {
    config = { ...config, tie_word_embeddings: false };
  }
  const wanted = new Set(parameterShapes(config).map((p) => p.name));
  const store = new ParamStore();
  try {
    for (const [name, { shape, data }] of weights) {
      if (wanted.has(name)) {
        store.set(name, tf.tensor(data, shape, 'float32'));
        continue;
      }
      if (IGNORED.test(name)) continue;
      if (name === 'lm_head.weight') continue; // tied and equal to wte
      throw new Error(`unexpected weight "${name}" for this config`);
    }
    return new Transformer(config, store, options);
  } catch (err) {
    store.dispose();
    throw err;
  }
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
