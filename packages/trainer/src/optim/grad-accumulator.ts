/**
 * Gradient accumulation: the gradients of k micro-batches summed, then averaged, so that k
 * micro-batches of B/k rows step like one batch of B rows (for a mean loss with no mask) while only
 * one micro-batch's activations are in memory at a time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { disposeNamed, type NamedTensors } from './named-tensors';

/** Sums gradients by name over micro-batches. */
export class GradAccumulator {
  private sums: NamedTensors = new Map();
  private n = 0;

  /** Micro-batches added since the last {@link take}. */
  get count(): number {
    return this.n;
  }

  /** Adds one micro-batch's gradients; takes ownership of (and disposes) `grads`. */
  add(grads: NamedTensors): void {
    if (this.n === 0) {
      this.sums = new Map(grads);
    } else {
      for (const [name, g] of grads) {
        const old = this.sums.get(name);
        if (!old) {
          this.sums.set(name, g);
          continue;
        }
        this.sums.set(name, tf.add(old, g));
        old.dispose();
        g.dispose();
      }
    }
    grads.clear();
    this.n++;
  }

  /** The mean of the added gradients (sum / count; the caller owns them) and resets the accumulator. */
  take(): NamedTensors {
    if (this.n === 0) throw new Error('GradAccumulator.take: no gradients were added');
    const out: NamedTensors = new Map();
    if (this.n === 1) {
      for (const [name, g] of this.sums) out.set(name, g);
    } else {
      const inv = tf.scalar(1 / this.n);
      for (const [name, g] of this.sums) {
        out.set(name, tf.mul(g, inv));
        g.dispose();
      }
      inv.dispose();
    }
    this.sums = new Map();
    this.n = 0;
    return out;
  }

  /** Disposes whatever was added and not taken. */
  dispose(): void {
    disposeNamed(this.sums);
    this.n = 0;
  }
}
