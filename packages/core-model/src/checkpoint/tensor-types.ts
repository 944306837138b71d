/** A tensor as checkpoints carry it: a row-major float32 array and its shape. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

/** A tensor read from a safetensors file: its values widened to float32, and the dtype it was stored as. */
export interface SafetensorsTensor extends HostTensor {
  /** The dtype in the file (`F32`, `F16`, `BF16`, ...); `data` is float32 whatever it is. */
  dtype: string;
}

/** Number of elements of a shape (1 for a scalar `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `[2,3]` style, for messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
