import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpoint-error';
import { parseSafetensors } from './parse-safetensors';

const fixture = (p: string) => fileURLToPath(new URL(`../../test/fixtures/${p}`, import.meta.url));

/** A safetensors file from a header (object or raw text) and a data buffer. */
function rawSafetensors(header: unknown, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

type Expected = Record<string, Record<string, { shape: number[]; values: string[]; bits: number[] }>>;
const expected: Expected = JSON.parse(readFileSync(fixture('safetensors-dtypes/expected.json'), 'utf8'));
const value = (s: string) => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));

describe('parseSafetensors on files written by the reference (st.py)', () => {
  for (const dtype of ['F32', 'F16', 'BF16']) {
    it(`decodes ${dtype} exactly to the values st.py reads back`, () => {
      const { tensors, metadata } = parseSafetensors(readFileSync(fixture(`safetensors-dtypes/${dtype.toLowerCase()}.safetensors`)), `${dtype}.safetensors`);
      expect(metadata).toEqual({ format: 'pt' });
      expect([...tensors.keys()]).toEqual(['empty', 'matrix', 'scalar', 'special']);
      for (const [name, want] of Object.entries(expected[dtype])) {
        const t = tensors.get(name)!;
        expect(t.dtype).toBe(dtype);
        expect(t.shape).toEqual(want.shape);
        expect(t.data.length).toBe(want.values.length);
        want.values.forEach((s, i) => {
          if (Number.isNaN(value(s))) expect(t.data[i]).toBeNaN();
          else expect(Object.is(t.data[i], value(s)), `${dtype} ${name}[${i}] = ${t.data[i]}, expected ${s}`).toBe(true);
        });
      }
    });
  }

  it('reads the shared gpt2-tiny checkpoint', () => {
    const { tensors, metadata } = parseSafetensors(readFileSync(fixture('gpt2-tiny/model.safetensors')));
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors.size).toBe(4 + 12 * 2);
    expect(tensors.get('transformer.wte.weight')!.shape).toEqual([64, 32]);
    expect(tensors.get('transformer.h.1.mlp.c_fc.weight')!.shape).toEqual([32, 128]);
    // values as st.py reads them (/usr/bin/python3: float(t[name][i]))
    const wte = tensors.get('transformer.wte.weight')!.data;
    expect(wte[0]).toBe(-0.022516796365380287);
    expect(wte[63 * 32 + 31]).toBe(0.021738698706030846);
    expect(tensors.get('transformer.h.1.ln_2.bias')!.data[5]).toBe(-0.0960477665066719);
    expect(wte.reduce((a, b) => a + b, 0)).toBeCloseTo(0.5426717898599236, 12);
  });

  it('accepts a header padded with spaces and a subarray of a larger buffer', () => {
    const file = rawSafetensors('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}   ', new Uint8Array(new Float32Array([2.5]).buffer));
    const big = new Uint8Array(file.length + 3);
    big.set(file, 3);
    expect(Array.from(parseSafetensors(big.subarray(3)).tensors.get('a')!.data)).toEqual([2.5]);
  });
});

describe('parseSafetensors on malformed files', () => {
  const f32 = (n: number) => new Uint8Array(n * 4);
  const t = (dtype: string, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });
  const cases: [string, Uint8Array, string][] = [
    ['shorter than 8 bytes', new Uint8Array(5), 'file is 5 bytes, shorter than the 8-byte header length'],
    ['header length beyond the file', rawSafetensors({}, new Uint8Array(0), 1000n), 'header length 1000 runs past the end of the 10-byte file'],
    ['absurd header length', rawSafetensors({}, new Uint8Array(0), 2n ** 60n), 'header length 1152921504606846976 is larger than the 104857600-byte limit'],
    ['header not starting with {', rawSafetensors(' {}'), "header does not start with '{'"],
    ['header not JSON', rawSafetensors('{"a": '), 'header is not valid JSON'],
    ['header not an object', rawSafetensors('{}', new Uint8Array(0)).fill(0x5b, 8, 9), 'header does not start with'],
    ['header not UTF-8', rawSafetensors('{"\u00e9":1}').fill(0xff, 10, 11), 'header is not valid UTF-8'],
    ['metadata value not a string', rawSafetensors({ __metadata__: { format: 1 } }), '__metadata__ value of "format" is 1, not a string'],
    ['metadata not an object', rawSafetensors({ __metadata__: 'pt' }), '__metadata__ is not a JSON object'],
    ['entry not an object', rawSafetensors({ w: [1] }), 'tensor "w": entry is [1], not an object'],
    ['dtype missing', rawSafetensors({ w: { shape: [1], data_offsets: [0, 4] } }, f32(1)), 'tensor "w": dtype is undefined, not a string'],
    ['unknown dtype', rawSafetensors({ w: t('F33', [1], [0, 4]) }, f32(1)), 'tensor "w": unknown dtype "F33"'],
    ['unsupported dtype', rawSafetensors({ w: t('F8_E4M3', [4], [0, 4]) }, f32(1)), 'tensor "w": dtype F8_E4M3 is not supported'],
    ['shape not a list', rawSafetensors({ w: t('F32', 4, [0, 16]) }, f32(4)), 'tensor "w": shape is 4, not a list of non-negative integers'],
    ['negative dimension', rawSafetensors({ w: t('F32', [-1, 4], [0, 16]) }, f32(4)), 'tensor "w": shape is [-1,4]'],
    ['offsets missing', rawSafetensors({ w: { dtype: 'F32', shape: [1] } }, f32(1)), 'tensor "w": data_offsets is undefined'],
    ['offsets not two integers', rawSafetensors({ w: t('F32', [1], [0, 4, 8]) }, f32(2)), 'tensor "w": data_offsets is [0,4,8]'],
    ['begin > end', rawSafetensors({ w: t('F32', [1], [4, 0]) }, f32(1)), 'tensor "w": data_offsets [4, 0] has begin > end'],
    ['offsets beyond the buffer', rawSafetensors({ w: t('F32', [4], [0, 16]) }, f32(3)), 'tensor "w": data_offsets [0, 16] runs past the 12-byte data buffer'],
    ['byte length != shape x dtype size', rawSafetensors({ w: t('F16', [2, 3], [0, 8]) }, f32(2)), 'tensor "w": data_offsets [0, 8] hold 8 bytes, but F16[2, 3] needs 12'],
    ['overlapping tensors', rawSafetensors({ a: t('F32', [2], [0, 8]), b: t('F32', [2], [4, 12]) }, f32(3)), 'tensor "b": data_offsets [4, 12] overlap tensor "a" [0, 8]'],
    ['a hole', rawSafetensors({ a: t('F32', [1], [0, 4]), b: t('F32', [1], [8, 12]) }, f32(3)), 'tensor "b": data buffer has a hole of 4 bytes at [4, 8)'],
    ['trailing bytes', rawSafetensors({ a: t('F32', [1], [0, 4]) }, f32(2)), 'data buffer has 4 trailing bytes after the last tensor'],
    ['duplicate name', rawSafetensors('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(2)), 'tensor "a": data buffer has a hole of 4 bytes at [0, 4)'],
    ['unrepresentable value', rawSafetensors({ w: t('I32', [1], [0, 4]) }, new Uint8Array(new Int32Array([16777217]).buffer)), 'tensor "w" (I32): element 0 = 16777217 has no exact float32'],
  ];
  it.each(cases)('%s', (_what, bytes, message) => {
    let error: unknown;
    try {
      parseSafetensors(bytes, 'bad.safetensors');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).source).toBe('bad.safetensors');
    expect((error as Error).message).toMatch(/^bad\.safetensors: /);
    expect((error as Error).message).toContain(message);
  });

  it('accepts an out-of-order header whose ranges tile the buffer, and empty tensors', () => {
    const data = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    const { tensors } = parseSafetensors(rawSafetensors({ b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] }, e: { dtype: 'F32', shape: [0, 5], data_offsets: [12, 12] }, a: { dtype: 'F32', shape: [], data_offsets: [0, 4] } }, data));
    expect([...tensors.keys()]).toEqual(['a', 'b', 'e']); // data order
    expect(Array.from(tensors.get('b')!.data)).toEqual([2, 3]);
    expect(tensors.get('e')!.data.length).toBe(0);
    expect(tensors.get('a')!.shape).toEqual([]);
    expect(Array.from(tensors.get('a')!.data)).toEqual([1]);
  });
});
