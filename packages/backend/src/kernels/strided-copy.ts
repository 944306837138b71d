/**
 * Copies the box `begin .. begin+size` of a row-major array into a dense output, one contiguous
 * run (the last dimension) at a time. Reads only the elements it copies.
 */
export type NumericArray = Float32Array | Int32Array | Uint8Array;

export function copyBox(
  src: NumericArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  dst: NumericArray,
): void {
  const rank = shape.length;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  const run = size[rank - 1];
  const total = size.reduce((p, s) => p * s, 1);
  if (total === 0) return;
  const coord = new Array<number>(rank).fill(0);
  let out = 0;
  while (out < total) {
    let offset = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) offset += (begin[d] + coord[d]) * strides[d];
    dst.set(src.subarray(offset, offset + run), out);
    out += run;
    for (let d = rank - 2; d >= 0; d--) {
      if (++coord[d] < size[d]) break;
      coord[d] = 0;
    }
  }
}
