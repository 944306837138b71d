/** The Transformer's state between forward calls: per layer keys and values, and the token ids. */
import type * as tf from '@tensorflow/tfjs-core';
import type { ModelState } from '../contract';

/** One layer's cached keys and values [B, H, T, hd] (keys after RoPE, when used). */
export interface LayerKv {
  k: tf.Tensor4D;
  v: tf.Tensor4D;
}

/**
 * Keys and values of every layer for the tokens seen so far, plus those tokens' ids [B, T] (so that
 * `onContextOverflow: 'slide'` can re-encode the window). Immutable: `forward` returns a new cache
 * and leaves the one it was given intact; whoever holds a cache disposes it.
 */
export class KvCache implements ModelState {
  private disposed = false;

  constructor(
    /** Per layer K and V [B, H, length, hd] (empty in encoder mode, which cannot continue a cache). */
    readonly layers: readonly LayerKv[],
    /** Token ids [B, length] (int32). */
    readonly ids: tf.Tensor2D,
  ) {}

  /** Tokens cached per sequence. */
  get length(): number {
    return this.ids.shape[1];
  }

  /** Sequences in the batch. */
  get batch(): number {
    return this.ids.shape[0];
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const { k, v } of this.layers) {
      k.dispose();
      v.dispose();
    }
    this.ids.dispose();
  }
}
