/**
 * Safetensors element types and their decoding to float32.
 *
 * Read (all widened to float32): F32; F16 and BF16 (exact: every half and bfloat16 value, including
 * subnormals, ±0, ±inf and NaN, is a float32); F64 (rounded to the nearest float32; a finite value
 * beyond float32's range is an error, not a silent inf); I64, I32, I16, I8, U8 and BOOL (an error when
 * an integer has no exact float32, |x| > 2^24 and odd enough, so nothing is silently rounded). Any
 * other dtype (U16, U32, U64, F8_*, ...) is an error naming the tensor and the dtype.
 */

/** Bytes per element of each dtype this reader decodes. */
export const SAFETENSORS_DTYPE_SIZE: Readonly<Record<string, number>> = Object.freeze({
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
});

/** Dtypes the safetensors format defines that this reader refuses (for clearer messages). */
const KNOWN_UNSUPPORTED = new Set(['U16', 'U32', 'U64', 'F8_E4M3', 'F8_E5M2', 'F8_E8M0', 'F6_E2M3', 'F6_E3M2', 'F4', 'C64']);

/** True when this reader can decode `dtype`. */
export function isSupportedDtype(dtype: string): boolean {
  return Object.hasOwn(SAFETENSORS_DTYPE_SIZE, dtype);
}

/** Why `dtype` cannot be read, for an error message. */
export function unsupportedDtypeReason(dtype: string): string {
  const known = Object.keys(SAFETENSORS_DTYPE_SIZE).join(', ');
  return KNOWN_UNSUPPORTED.has(dtype)
    ? `dtype ${dtype} is not supported (this reader decodes ${known})`
    : `unknown dtype ${JSON.stringify(dtype)} (this reader decodes ${known})`;
}

let halfTable: Float32Array | undefined;

/** Exact float32 value of every IEEE half bit pattern (built once, 256 KiB). */
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) t[h] = halfBitsToFloat(h);
  halfTable = t;
  return t;
}

/** The exact value of an IEEE 754 binary16 bit pattern (subnormals, ±0, ±inf, NaN included). */
export function halfBitsToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24; // zero or subnormal
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes `count` little-endian elements of `dtype` starting at `bytes[offset]` into a new
 * Float32Array (never a view of `bytes`). `fail(problem)` builds the error for a value that has no
 * float32 (it names the tensor; this function adds the element index and value).
 */
export function decodeToFloat32(bytes: Uint8Array, offset: number, count: number, dtype: string, fail: (problem: string) => Error): Float32Array {
  const out = new Float32Array(count);
  const abs = bytes.byteOffset + offset;
  const view = new DataView(bytes.buffer, abs, count * (SAFETENSORS_DTYPE_SIZE[dtype] ?? 0));
  switch (dtype) {
    case 'F32':
      if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + count * 4));
      else for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    case 'F16': {
      const table = halfToFloatTable();
      for (let i = 0; i < count; i++) out[i] = table[view.getUint16(i * 2, true)];
      return out;
    }
    case 'BF16': {
      const u32 = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) u32[i] = view.getUint16(i * 2, true) << 16;
      return out;
    }
    case 'F64':
      for (let i = 0; i < count; i++) {
        const v = view.getFloat64(i * 8, true);
        out[i] = v;
        if (Number.isFinite(v) && !Number.isFinite(out[i])) throw fail(`element ${i} = ${v} is beyond float32's range`);
      }
      return out;
    case 'I64':
      for (let i = 0; i < count; i++) {
        const v = view.getBigInt64(i * 8, true);
        out[i] = Number(v);
        if (BigInt(out[i]) !== v) throw fail(`element ${i} = ${v} has no exact float32`);
      }
      return out;
    case 'I32':
      for (let i = 0; i < count; i++) {
        const v = view.getInt32(i * 4, true);
        out[i] = v;
        if (out[i] !== v) throw fail(`element ${i} = ${v} has no exact float32`);
      }
      return out;
    case 'I16':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
      return out;
    case 'I8':
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      return out;
    case 'U8':
      for (let i = 0; i < count; i++) out[i] = view.getUint8(i);
      return out;
    case 'BOOL':
      for (let i = 0; i < count; i++) {
        const v = view.getUint8(i);
        if (v > 1) throw fail(`element ${i} = ${v} is not a BOOL (0 or 1)`);
        out[i] = v;
      }
      return out;
    default:
      throw fail(unsupportedDtypeReason(dtype));
  }
}
