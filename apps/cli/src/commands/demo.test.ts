import { initBackend } from '@ftheta/backend';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memoryIo } from '../io';
import { demoCommand } from './demo';

let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-demo-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('runs the pipeline end to end (corpus, training, greedy answers) and prints the accuracy per task', async () => {
  const io = memoryIo();
  const out = path.join(dir, 'run');
  const result = await demoCommand({ steps: '3', out, tiny: true, threads: '2' }, io);
  expect(result?.scores.map((s) => [s.task, s.total])).toEqual([['addition', 4], ['copy', 4], ['reverse', 4], ['facts', 20]]);
  expect(io.stdout).toMatch(/^accuracy: addition \d+\/4 \(\d+%\), copy \d+\/4 \(\d+%\), reverse \d+\/4 \(\d+%\), facts \d+\/20 \(\d+%\)$/m);
  expect(io.stderr).toContain('3/3 loss');
  expect(io.stderr).toContain('on 2 gradient threads');
  expect((await readdir(path.join(out, 'last'))).sort()).toEqual(['config.json', 'model.safetensors', 'optimizer.safetensors', 'tokenizer.json', 'trainer_state.json']);
});
