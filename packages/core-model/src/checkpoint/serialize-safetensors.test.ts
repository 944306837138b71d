import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSafetensors } from './parse-safetensors';
import { serializeSafetensors } from './serialize-safetensors';

const fixture = (p: string) => fileURLToPath(new URL(`../../test/fixtures/${p}`, import.meta.url));

describe('serializeSafetensors', () => {
  it('round-trips names, shapes, metadata and exact values (incl. -0, inf, nan, subnormals)', () => {
    const tensors: [string, { shape: number[]; data: Float32Array }][] = [
      ['z.last', { shape: [2, 2], data: new Float32Array([-0, Infinity, NaN, 1e-45]) }],
      ['a.first', { shape: [], data: new Float32Array([Math.PI]) }],
      ['m.empty', { shape: [0, 4], data: new Float32Array(0) }],
    ];
    const bytes = serializeSafetensors(tensors, { format: 'pt', note: 'é' });
    const { tensors: back, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', note: 'é' });
    expect([...back.keys()]).toEqual(['a.first', 'm.empty', 'z.last']);
    for (const [name, t] of tensors) {
      expect(back.get(name)!.shape).toEqual(t.shape);
      expect(back.get(name)!.dtype).toBe('F32');
      expect(new Uint8Array(back.get(name)!.data.buffer)).toEqual(new Uint8Array(t.data.buffer));
    }
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0); // header padded: data starts 8-aligned
  });

  it('writes byte for byte what the reference writer (st.py) wrote', () => {
    for (const file of ['gpt2-tiny/model.safetensors', 'safetensors-dtypes/f32.safetensors']) {
      const original = new Uint8Array(readFileSync(fixture(file)));
      const { tensors, metadata } = parseSafetensors(original, file);
      const again = serializeSafetensors([...tensors].reverse(), metadata);
      expect(Buffer.from(again).equals(Buffer.from(original)), file).toBe(true);
    }
  });

  it('escapes non-ASCII names as Python json.dumps does and sorts by code point', () => {
    const one = (v: number) => ({ shape: [1], data: new Float32Array([v]) });
    const bytes = serializeSafetensors([['\u{1F600}', one(1)], ['\uFF21', one(2)], ['10', one(3)], ['9', one(4)]], {});
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(header.trimEnd()).toBe(
      '{"10":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"9":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},' +
        '"\\uff21":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},"\\ud83d\\ude00":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}',
    );
    expect([...parseSafetensors(bytes).tensors.keys()]).toEqual(['10', '9', '\uFF21', '\u{1F600}']);
  });

  it('refuses bad input, naming the file and the tensor', () => {
    const ok = { shape: [2], data: new Float32Array(2) };
    expect(() => serializeSafetensors([['w', { shape: [3], data: new Float32Array(2) }]], undefined, 'out.safetensors')).toThrow(
      'out.safetensors: tensor "w": shape [3] holds 3 values, data has 2',
    );
    expect(() => serializeSafetensors([['w', ok], ['w', ok]])).toThrow('model.safetensors: tensor "w" is given twice');
    expect(() => serializeSafetensors([['__metadata__', ok]])).toThrow('"__metadata__" is reserved');
    expect(() => serializeSafetensors([['w', { shape: [1.5], data: new Float32Array(1) }]])).toThrow('tensor "w": shape [1.5] is not a list');
    expect(() => serializeSafetensors([['w', { shape: [2], data: [1, 2] as unknown as Float32Array }]])).toThrow('tensor "w": data is not a Float32Array');
    expect(() => serializeSafetensors([['w', ok]], { format: 1 as unknown as string })).toThrow('__metadata__ value of "format" is 1');
  });
});
