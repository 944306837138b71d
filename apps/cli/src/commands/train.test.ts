import { initBackend } from '@ftheta/backend';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { generateCommand } from './generate';
import { trainCommand } from './train';

let dir: string;
let data: string;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-train-test-'));
  data = path.join(dir, 'data.txt');
  await writeFile(data, 'the quick brown fox jumps over the lazy dog.\n'.repeat(40));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('trains, stops cleanly when interrupted, resumes exactly, and leaves a directory generate can load', async () => {
  // Two gradient threads (data parallel) on every run: a resume with the same count is bit for bit.
  const flags = { data, preset: 'tiny', steps: '6', evalEvery: '2', sample: false, threads: '2' };
  const full = await trainCommand({ ...flags, out: path.join(dir, 'full') }, memoryIo());
  expect(full.reason).toBe('done');

  const out = path.join(dir, 'split');
  const controller = new AbortController();
  const io = memoryIo();
  const first = trainCommand({ ...flags, out }, io, controller.signal);
  // Abort after the first progress line (step 1): the loop finishes a step, saves and returns.
  const poll = setInterval(() => io.stderr.includes('/6 loss') && controller.abort(), 1);
  const a = await first.finally(() => clearInterval(poll));
  expect(a.reason).toBe('aborted');
  expect(io.stderr).toMatch(/interrupted at step \d\/6: saved .*last; continue with --resume/);
  expect(io.stderr).toContain('batch 8, 6 steps, 2 gradient threads');
  const resumed = memoryIo();
  const b = await trainCommand({ data, out, resume: true, sample: false }, resumed); // threads from run.json
  expect(resumed.stderr).toContain('2 gradient threads');
  expect(b.reason).toBe('done');
  const losses = [...a.history, ...b.history].map((s) => s.loss);
  expect(losses).toEqual(full.history.map((s) => s.loss));
  expect([...a.evals, ...b.evals]).toEqual(full.evals);
  expect(JSON.parse(await readFile(path.join(out, 'best', 'tokenizer.json'), 'utf8')).type).toBe('ftheta-char');

  const gen = memoryIo();
  await generateCommand({ model: path.join(out, 'best'), prompt: 'the', maxTokens: '5', temperature: '0' }, gen);
  expect(gen.stderr).toMatch(/finish: max-tokens tokens=\d+/);
});

it('rejects an unknown preset or arch and a resume without a run', async () => {
  const io = memoryIo();
  expect(await runCli(['train', '--data', data, '--out', path.join(dir, 'x'), '--preset', 'huge'], io)).toBe(2);
  expect(io.stderr).toMatch(/--preset "huge": expected one of tiny, shakespeare-char/);
  expect(await runCli(['train', '--data', data, '--out', path.join(dir, 'x'), '--arch', 'rnn'], io)).toBe(2);
  expect(io.stderr).toContain('--arch "rnn": expected one of transformer, mamba');
  expect(await runCli(['train', '--data', data, '--out', path.join(dir, 'nothing'), '--resume'], io)).toBe(2);
  expect(io.stderr).toMatch(/nothing to resume/);
  expect(await runCli(['train', '--data', data, '--out', path.join(dir, 'y'), '--threads', 'many'], io)).toBe(2);
  expect(io.stderr).toContain('--threads must be a positive integer or "auto", got "many"');
});
