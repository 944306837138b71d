import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSafetensors } from './parse-safetensors';
import { SafetensorsFileReader } from './safetensors-file-reader';
import { SafetensorsFileWriter } from './safetensors-file-writer';
import { serializeSafetensors } from './serialize-safetensors';

const tiny = fileURLToPath(new URL('../../test/fixtures/gpt2-tiny/model.safetensors', import.meta.url));
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-stream-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('streaming safetensors files', () => {
  it('reads each tensor of the gpt2-tiny fixture as parseSafetensors does, and writes it back byte for byte as serializeSafetensors', async () => {
    const whole = parseSafetensors(await readFile(tiny));
    const reader = await SafetensorsFileReader.open(tiny);
    expect([...reader.entries.keys()]).toEqual([...whole.tensors.keys()]);
    expect(reader.metadata).toEqual(whole.metadata);
    const target = path.join(dir, 'out.safetensors');
    const writer = await SafetensorsFileWriter.create(target, [...reader.entries.values()].reverse(), whole.metadata);
    for (const name of writer.order) {
      const t = await reader.read(name);
      expect(t.shape).toEqual(whole.tensors.get(name)!.shape);
      expect(t.data).toEqual(whole.tensors.get(name)!.data);
      await writer.write(name, t.data);
    }
    await writer.finish();
    await reader.close();
    expect((await readFile(target)).equals(Buffer.from(serializeSafetensors(whole.tensors, whole.metadata)))).toBe(true);
    expect(await readdir(dir)).toEqual(['out.safetensors']);
    await expect(reader.read(writer.order[0])).rejects.toThrow('the reader is closed');
  });

  it('widens F16 / BF16 like parseSafetensors', async () => {
    const fixtures = fileURLToPath(new URL('../../test/fixtures/safetensors-dtypes/', import.meta.url));
    for (const file of (await readdir(fixtures)).filter((f) => f.endsWith('.safetensors'))) {
      const p = path.join(fixtures, file);
      const whole = parseSafetensors(await readFile(p));
      const reader = await SafetensorsFileReader.open(p);
      for (const [name, t] of whole.tensors) expect((await reader.read(name)).data).toEqual(t.data);
      await reader.close();
    }
  });

  it('refuses malformed files and misuse, naming the file and tensor; an aborted write leaves nothing', async () => {
    const bad = path.join(dir, 'bad.safetensors');
    await writeFile(bad, new Uint8Array(3));
    await expect(SafetensorsFileReader.open(bad)).rejects.toThrow(`${bad}: file is 3 bytes`);
    const bytes = serializeSafetensors([['a', { shape: [2], data: new Float32Array([1, 2]) }]]);
    await writeFile(bad, bytes.subarray(0, bytes.length - 4));
    await expect(SafetensorsFileReader.open(bad)).rejects.toThrow('tensor "a": data_offsets [0, 8] runs past the 4-byte data buffer');
    await expect(SafetensorsFileReader.open(path.join(dir, 'none'))).rejects.toThrow('cannot open: no such file or directory');
    await writeFile(bad, bytes);
    const r = await SafetensorsFileReader.open(bad);
    await expect(r.read('b')).rejects.toThrow(`${bad}: no tensor "b"`);
    await r.close();

    const target = path.join(dir, 'w.safetensors');
    await expect(SafetensorsFileWriter.create(target, [{ name: 'x', shape: [1] }, { name: 'x', shape: [2] }])).rejects.toThrow('tensor "x" is given twice');
    const w = await SafetensorsFileWriter.create(target, [{ name: 'b', shape: [2] }, { name: 'a', shape: [1] }]);
    expect(w.order).toEqual(['a', 'b']);
    await expect(w.write('b', new Float32Array(2))).rejects.toThrow('tensor "b" given where "a" comes next');
    await expect(w.write('a', new Float32Array(2))).rejects.toThrow('tensor "a": shape [1] holds 1 values, data has 2');
    await w.write('a', new Float32Array(1));
    await expect(w.finish()).rejects.toThrow('1 tensor(s) not written, from "b"');
    expect(await readdir(dir)).toEqual(['bad.safetensors']);
  });
});
