/** The full batch's mean gradient from its shards' mean gradients, weighted by counted tokens. */
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../optim';

/** One shard's gradients: tensors (the main thread's) or packed float32 arrays (a worker's). */
export type ShardGrads = { kind: 'tensors'; grads: NamedTensors } | { kind: 'packed'; names: string[]; data: Float32Array };

/** One shard's part of the batch: its mean loss, gradients and counted tokens. */
export interface ShardPart {
  loss: number;
  tokens: number;
  grads: ShardGrads;
}

function packedViews(g: Extract<ShardGrads, { kind: 'packed' }>, shapes: Map<string, number[]>): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let offset = 0;
  for (const name of g.names) {
    const shape = shapes.get(name);
    if (!shape) throw new Error(`data-parallel: a worker returned a gradient for "${name}", which the main thread has none for`);
    const size = shape.reduce((a, d) => a * d, 1);
    out.set(name, g.data.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== g.data.length) throw new Error(`data-parallel: a worker returned ${g.data.length} gradient values, its names need ${offset}`);
  return out;
}

/**
 * Σ_s (tokens_s / Σ tokens) · shard_s, for the loss (in float64) and every gradient (one float32
 * tensor per name, which the caller owns): the mean over all counted targets, as if the batch had
 * been one. The first part must hold tensors (it names and shapes the result); the caller keeps
 * ownership of the parts' tensors.
 * @throws Error when a part lacks a gradient the first one has, or has one it lacks.
 */
export function combineShards(parts: readonly ShardPart[]): { loss: number; grads: NamedTensors } {
  const first = parts[0]?.grads;
  if (first?.kind !== 'tensors') throw new Error('combineShards: the first part must hold tensors');
  const total = parts.reduce((a, p) => a + p.tokens, 0);
  const loss = parts.reduce((a, p) => a + p.loss * p.tokens, 0) / total;
  const shapes = new Map([...first.grads].map(([n, g]) => [n, g.shape]));
  const views = parts.map((p) => (p.grads.kind === 'tensors' ? null : packedViews(p.grads, shapes)));
  const grads: NamedTensors = new Map();
  try {
    for (const [name, shape] of shapes) {
      grads.set(
        name,
        tf.tidy(() => {
          let sum: tf.Tensor | null = null;
          for (let s = 0; s < parts.length; s++) {
            const p = parts[s];
            let g: tf.Tensor | undefined;
            if (p.grads.kind === 'tensors') g = p.grads.grads.get(name);
            else {
              const v = views[s]!.get(name);
              g = v && tf.tensor(v, shape, 'float32');
            }
            if (!g) throw new Error(`data-parallel: shard ${s} has no gradient for "${name}"`);
            const term = tf.mul(g, tf.scalar(p.tokens / total));
            sum = sum ? tf.add(sum, term) : term;
          }
          return sum!;
        }),
      );
    }
    for (const [s, v] of views.entries()) {
      if (v && v.size !== shapes.size) throw new Error(`data-parallel: shard ${s} has ${v.size} gradients, the main thread ${shapes.size}`);
    }
  } catch (err) {
    tf.dispose([...grads.values()]);
    throw err;
  }
  return { loss, grads };
}
