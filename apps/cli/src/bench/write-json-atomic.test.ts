import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from './write-json-atomic';

let dir: string;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeJsonAtomic', () => {
  it('creates the directory, replaces an old file and leaves no .tmp behind', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ftheta-atomic-'));
    const file = path.join(dir, 'nested', 'x.json');
    await writeJsonAtomic(file, { a: 1 });
    await writeJsonAtomic(file, { a: 2 });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ a: 2 });
    expect(await readdir(path.dirname(file))).toEqual(['x.json']);
  });

  it('fails (and cleans up) when the target path is a directory', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ftheta-atomic-'));
    const target = path.join(dir, 'taken');
    await writeFile(path.join(dir, 'keep.txt'), 'x');
    await import('node:fs/promises').then((fs) => fs.mkdir(path.join(target, 'child'), { recursive: true }));
    await expect(writeJsonAtomic(target, { a: 1 })).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['keep.txt', 'taken']);
  });
});
