/** Mamba's memory between forward calls: per layer the conv window and the SSM state — a fixed size. */
import type { ModelState } from '@ftheta/core-model';
import type * as tf from '@tensorflow/tfjs-core';

/** One layer's recurrent state. */
export interface MambaLayerState {
  /** The last d_conv − 1 inputs of the conv (in_proj's x half, before the conv) [B, d_conv − 1, d_inner]. */
  conv: tf.Tensor3D;
  /** The SSM state h [B, d_inner, N]. */
  ssm: tf.Tensor3D;
}

/**
 * The state after some tokens: its size does not depend on how many (unlike a KV cache), so each
 * new token costs the same. Immutable: `forward` returns a new state and leaves the one it was given
 * intact; whoever holds a state disposes it.
 */
export class MambaState implements ModelState {
  private disposed = false;

  constructor(
    /** Per layer conv window and SSM state. */
    readonly layers: readonly MambaLayerState[],
    /** Tokens seen so far, per sequence. */
    readonly length: number,
  ) {}

  /** Sequences in the batch. */
  get batch(): number {
    return this.layers[0]?.ssm.shape[0] ?? 0;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { conv, ssm } of this.layers) {
      conv.dispose();
      ssm.dispose();
    }
  }
}
