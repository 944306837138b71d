/**
 * Items 0..n-1 visited in a fresh seeded order each epoch; the position (epoch, cursor) is the
 * whole state, the order of each epoch is recomputed from the seed.
 */
import { deriveSeed, seededPermutation } from '../seeded-random';

export class EpochOrder {
  epoch = 0;
  cursor = 0;
  private order: Uint32Array;

  constructor(
    readonly size: number,
    readonly seed: number,
  ) {
    this.order = seededPermutation(size, deriveSeed(seed, 0));
  }

  /** The next item index; a new epoch (new order) starts after the last one. */
  next(): number {
    if (this.cursor === this.size) {
      this.epoch++;
      this.cursor = 0;
      this.order = seededPermutation(this.size, deriveSeed(this.seed, this.epoch));
    }
    return this.order[this.cursor++]!;
  }

  /** Moves to (epoch, cursor), as written by a source's state(). */
  seek(epoch: number, cursor: number): void {
    if (cursor > this.size) throw new RangeError(`state.cursor ${cursor} exceeds the ${this.size} items of an epoch`);
    if (epoch !== this.epoch) this.order = seededPermutation(this.size, deriveSeed(this.seed, epoch));
    this.epoch = epoch;
    this.cursor = cursor;
  }
}
