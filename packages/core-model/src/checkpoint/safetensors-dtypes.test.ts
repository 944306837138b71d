import { describe, expect, it } from 'vitest';
import { decodeToFloat32, halfBitsToFloat } from './safetensors-dtypes';

const fail = (p: string) => new Error(p);
const bytesOf = (arr: ArrayBufferView) => new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);

describe('halfBitsToFloat', () => {
  it('decodes zeros, normals, subnormals, the range ends, inf and nan exactly', () => {
    expect(Object.is(halfBitsToFloat(0x0000), 0)).toBe(true);
    expect(Object.is(halfBitsToFloat(0x8000), -0)).toBe(true);
    expect(halfBitsToFloat(0x3c00)).toBe(1);
    expect(halfBitsToFloat(0xc000)).toBe(-2);
    expect(halfBitsToFloat(0x7bff)).toBe(65504);
    expect(halfBitsToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfBitsToFloat(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(halfBitsToFloat(0x0400)).toBe(2 ** -14); // smallest normal
    expect(halfBitsToFloat(0x3555)).toBe(0.333251953125);
    expect(halfBitsToFloat(0x7c00)).toBe(Infinity);
    expect(halfBitsToFloat(0xfc00)).toBe(-Infinity);
    expect(halfBitsToFloat(0x7e00)).toBeNaN();
  });
});

describe('decodeToFloat32', () => {
  it('reads F32 at an unaligned offset', () => {
    const src = new Float32Array([1.5, -2.25, 3e-40]);
    const buf = new Uint8Array(13);
    buf.set(bytesOf(src), 1);
    expect(Array.from(decodeToFloat32(buf, 1, 3, 'F32', fail))).toEqual(Array.from(src));
  });

  it('widens BF16 bit patterns exactly', () => {
    const out = decodeToFloat32(bytesOf(new Uint16Array([0x3f80, 0xbf80, 0x7f80, 0x0001, 0x7fc0])), 0, 5, 'BF16', fail);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, -1, Infinity, new Float32Array(new Uint32Array([0x10000]).buffer)[0]]);
    expect(out[4]).toBeNaN();
  });

  it('reads F64, I64, I32, I16, I8, U8 and BOOL as float32', () => {
    expect(Array.from(decodeToFloat32(bytesOf(new Float64Array([0.1, -3])), 0, 2, 'F64', fail))).toEqual([Math.fround(0.1), -3]);
    expect(Array.from(decodeToFloat32(bytesOf(new BigInt64Array([-5n, 16777216n])), 0, 2, 'I64', fail))).toEqual([-5, 16777216]);
    expect(Array.from(decodeToFloat32(bytesOf(new Int32Array([-7, 2 ** 30])), 0, 2, 'I32', fail))).toEqual([-7, 2 ** 30]);
    expect(Array.from(decodeToFloat32(bytesOf(new Int16Array([-300, 300])), 0, 2, 'I16', fail))).toEqual([-300, 300]);
    expect(Array.from(decodeToFloat32(bytesOf(new Int8Array([-128, 127])), 0, 2, 'I8', fail))).toEqual([-128, 127]);
    expect(Array.from(decodeToFloat32(new Uint8Array([0, 255]), 0, 2, 'U8', fail))).toEqual([0, 255]);
    expect(Array.from(decodeToFloat32(new Uint8Array([0, 1]), 0, 2, 'BOOL', fail))).toEqual([0, 1]);
  });

  it('refuses values float32 cannot hold rather than rounding them silently', () => {
    expect(() => decodeToFloat32(bytesOf(new Float64Array([1e39])), 0, 1, 'F64', fail)).toThrow('element 0 = 1e+39 is beyond float32');
    expect(() => decodeToFloat32(bytesOf(new BigInt64Array([16777217n])), 0, 1, 'I64', fail)).toThrow('element 0 = 16777217 has no exact float32');
    expect(() => decodeToFloat32(bytesOf(new Int32Array([0, 16777217])), 0, 2, 'I32', fail)).toThrow('element 1 = 16777217');
    expect(() => decodeToFloat32(new Uint8Array([2]), 0, 1, 'BOOL', fail)).toThrow('element 0 = 2 is not a BOOL');
    expect(() => decodeToFloat32(new Uint8Array(4), 0, 1, 'U32', fail)).toThrow('dtype U32 is not supported');
  });
});
