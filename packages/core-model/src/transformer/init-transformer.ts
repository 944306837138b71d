/** Fresh weights with GPT-2's initialisation, deterministic for a seed. */
import * as tf from '@tensorflow/tfjs-core';
import { parameterShapes, type TransformerConfig } from '../config';
import { ParamStore } from '../contract';
import { SeededRandom } from './seeded-random';
import { Transformer, type TransformerOptions } from './transformer';

/** Options of {@link initTransformer}. */
export interface InitTransformerOptions extends TransformerOptions {
  /** PRNG seed (default 0): the same seed gives the same weights on every backend and machine. */
  seed?: number;
  /** Standard deviation of weights and embeddings (default 0.02, GPT-2's). */
  std?: number;
}

/**
 * GPT-2's init (as in nanoGPT and gpt_ref.py): embeddings and linear weights N(0, 0.02²), the
 * residual projections (`attn.c_proj`, `mlp.c_proj`) N(0, (0.02/√(2·n_layer))²) so the residual
 * stream's variance does not grow with depth, biases 0, norm weights 1. Draws from a seeded
 * mulberry32 PRNG in {@link parameterShapes} order.
 */
export function initTransformer(config: TransformerConfig, options: InitTransformerOptions = {}): Transformer {
  const { seed = 0, std = 0.02, ...modelOptions } = options;
  if (!(std > 0)) throw new Error(`initTransformer: std must be > 0, got ${std}`);
  const rng = new SeededRandom(seed);
  const residualStd = std / Math.sqrt(2 * config.n_layer);
  const store = new ParamStore();
  try {
    for (const { name, shape, role } of parameterShapes(config)) {
      const size = shape.reduce((a, b) => a * b, 1);
      let values: Float32Array;
      if (role === 'norm-weight') values = new Float32Array(size).fill(1);
      else if (role === 'bias') values = new Float32Array(size);
      else values = rng.normals(size, role === 'residual-linear' ? residualStd : std);
      store.set(name, tf.tensor(values, shape, 'float32'));
    }
    return new Transformer(config, store, modelOptions);
  } catch (err) {
    store.dispose();
    throw err;
  }
}
