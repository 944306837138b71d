import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCheckpointDir, saveCheckpointDir } from './node-files';

const tiny = fileURLToPath(new URL('../../test/fixtures/gpt2-tiny', import.meta.url));
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-ckpt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('checkpoint directories', () => {
  it('loads the shared gpt2-tiny fixture, and saves it back to identical weights bytes', async () => {
    const loaded = await loadCheckpointDir(tiny);
    expect(loaded.config.model_type).toBe('gpt2');
    expect(loaded.tensors.size).toBe(28);
    expect(loaded.tokenizerJson).toBeNull();
    const out = path.join(dir, 'a', 'b');
    await saveCheckpointDir(out, { config: loaded.config, tensors: loaded.tensors, tokenizerJson: { model: { type: 'BPE' } } });
    expect((await readdir(out)).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect((await readFile(path.join(out, 'model.safetensors'))).equals(await readFile(path.join(tiny, 'model.safetensors')))).toBe(true);
    const again = await loadCheckpointDir(out);
    expect(again.config).toEqual(loaded.config);
    expect(again.tokenizerJson).toEqual({ model: { type: 'BPE' } });
    for (const [name, t] of loaded.tensors) {
      expect(again.tensors.get(name)!.shape).toEqual(t.shape);
      expect(again.tensors.get(name)!.data).toEqual(t.data);
    }
  });

  it('names the missing or malformed file', async () => {
    await expect(loadCheckpointDir(dir)).rejects.toThrow(`${path.join(dir, 'config.json')}: cannot read the checkpoint config: no such file or directory`);
    await writeFile(path.join(dir, 'config.json'), '{"model_type": "gpt2"}');
    await writeFile(path.join(dir, 'model.safetensors.index.json'), '{}');
    await expect(loadCheckpointDir(dir)).rejects.toThrow('sharded checkpoints (model.safetensors.index.json) are not supported yet');
    await writeFile(path.join(dir, 'model.safetensors'), new Uint8Array(3));
    await expect(loadCheckpointDir(dir)).rejects.toThrow(`${path.join(dir, 'model.safetensors')}: file is 3 bytes`);
    await writeFile(path.join(dir, 'tokenizer.json'), '{oops');
    await expect(loadCheckpointDir(dir)).rejects.toThrow(`${path.join(dir, 'tokenizer.json')}: not valid JSON`);
  });

  it('writes nothing when the tensors do not match the config', async () => {
    const loaded = await loadCheckpointDir(tiny);
    loaded.tensors.delete('transformer.ln_f.bias');
    await expect(saveCheckpointDir(dir, loaded)).rejects.toThrow('model.safetensors: does not match config.json: missing 1 tensor(s): "transformer.ln_f.bias"');
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the previous files, whole, when replacing one fails, and leaves no temp or backup files', async () => {
    const loaded = await loadCheckpointDir(tiny);
    await saveCheckpointDir(dir, { config: loaded.config, tensors: loaded.tensors });
    const before = { config: await readFile(path.join(dir, 'config.json')), model: await readFile(path.join(dir, 'model.safetensors')) };
    // a directory where tokenizer.json should go: its rename fails after model.safetensors was replaced
    await mkdir(path.join(dir, 'tokenizer.json', 'inner'), { recursive: true });
    const changed = new Map([...loaded.tensors].map(([n, t]) => [n, { shape: t.shape, data: t.data.map((v) => v + 1) }]));
    await expect(saveCheckpointDir(dir, { config: { ...loaded.config, note: 'new' }, tensors: changed, tokenizerJson: '{}' })).rejects.toThrow(
      `${path.join(dir, 'tokenizer.json')}: cannot replace`,
    );
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'model.safetensors', 'tokenizer.json']);
    expect((await readFile(path.join(dir, 'config.json'))).equals(before.config)).toBe(true);
    expect((await readFile(path.join(dir, 'model.safetensors'))).equals(before.model)).toBe(true);
    // and a write into a directory that cannot be created
    await writeFile(path.join(dir, 'plain-file'), 'x');
    await expect(saveCheckpointDir(path.join(dir, 'plain-file', 'sub'), { config: loaded.config, tensors: loaded.tensors })).rejects.toThrow('cannot create the checkpoint directory');
  });
});
