/** benchCommand with a stand-in scenario: file layout, default --out, errors. */
import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BenchScenario } from '../bench/scenario';
import { UsageError } from '../errors';
import { memoryIo } from '../io';
import { benchCommand } from './bench';

const fake: BenchScenario = {
  name: 'fake',
  description: 'a stand-in',
  async run({ quick, progress }) {
    progress('working');
    return { summary: { fthetaOverX: quick ? 2 : 3 }, versions: { thing: '1.0.0' }, cases: [{ id: 'a' }] };
  },
};

let dir: string;
let cwd: string;
beforeEach(async () => {
  cwd = process.cwd();
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'ftheta-bench-cmd-')));
});
afterEach(async () => {
  process.chdir(cwd);
  await rm(dir, { recursive: true, force: true });
});

describe('benchCommand', () => {
  it('writes bench/results/<scenario>.json under the working directory by default, summary first', async () => {
    process.chdir(dir);
    const io = memoryIo();
    const file = await benchCommand('fake', { quick: true }, io, [fake]);
    expect(file).toBe(path.join(dir, 'bench', 'results', 'fake.json'));
    expect(await readdir(path.dirname(file))).toEqual(['fake.json']);
    const result = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(result)).toEqual(['scenario', 'summary', 'date', 'quick', 'durationSec', 'machine', 'versions', 'cases']);
    expect(result.summary).toEqual({ fthetaOverX: 2 });
    expect(result.versions).toMatchObject({ thing: '1.0.0', '@tensorflow/tfjs-core': '4.22.0' });
    expect(result.machine.cores).toBe(os.cpus().length);
    expect(io.stderr).toBe(`[bench fake] quick run, writing to ${path.join(dir, 'bench', 'results')}\n[bench fake] working\n`);
    expect(JSON.parse(io.stdout)).toEqual({ scenario: 'fake', file, summary: { fthetaOverX: 2 } });
  });

  it('honours --out, and rejects an --out that is a file', async () => {
    const out = path.join(dir, 'elsewhere');
    expect(await benchCommand('fake', { out }, memoryIo(), [fake])).toBe(path.join(out, 'fake.json'));
    const file = path.join(dir, 'file.txt');
    await writeFile(file, 'x');
    await expect(benchCommand('fake', { out: file }, memoryIo(), [fake])).rejects.toThrow(UsageError);
  });

  it('lists the known scenarios when the name is unknown', async () => {
    const other = { ...fake, name: 'other' };
    await expect(benchCommand('nope', {}, memoryIo(), [fake, other])).rejects.toThrow(
      'unknown bench scenario "nope"; known scenarios: fake, other',
    );
  });
});
