/**
 * `ftheta train --arch mamba`: trains on 2 gradient threads (data-parallel Mamba replicas), stops
 * when interrupted, resumes bit for bit, and leaves checkpoints that generate, logits and info load.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { generateCommand } from './generate';
import { trainCommand } from './train';

let dir: string;
let data: string;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu', onWarning: () => {} });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-train-mamba-'));
  data = path.join(dir, 'data.txt');
  await writeFile(data, 'the quick brown fox jumps over the lazy dog.\n'.repeat(40));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('trains a Mamba on 2 threads, resumes bit for bit, and generate / logits / info load its checkpoint', async () => {
  const start = tf.memory().numTensors;
  const flags = { data, arch: 'mamba', preset: 'tiny', steps: '6', evalEvery: '2', sample: false, threads: '2' };
  const full = await trainCommand({ ...flags, out: path.join(dir, 'full') }, memoryIo());
  expect(full.reason).toBe('done');

  const out = path.join(dir, 'split');
  const controller = new AbortController();
  const io = memoryIo();
  const first = trainCommand({ ...flags, out }, io, controller.signal);
  const poll = setInterval(() => io.stderr.includes('/6 loss') && controller.abort(), 1);
  const a = await first.finally(() => clearInterval(poll));
  expect(a.reason).toBe('aborted');
  expect(io.stderr).toContain('training a Mamba from scratch');
  expect(io.stderr).toContain('model Mamba 2 layers, d 64, state 16, window 32; batch 8, 6 steps, 2 gradient threads');
  const run = JSON.parse(await readFile(path.join(out, 'run.json'), 'utf8'));
  expect(run).toMatchObject({ arch: 'mamba', threads: 2 });
  const resumed = memoryIo();
  const b = await trainCommand({ data, out, resume: true, sample: false }, resumed); // arch and threads from run.json
  expect(resumed.stderr).toContain('2 gradient threads');
  expect(b.reason).toBe('done');
  expect([...a.history, ...b.history].map((s) => s.loss)).toEqual(full.history.map((s) => s.loss));
  expect([...a.evals, ...b.evals]).toEqual(full.evals);
  const weights = async (d: string) => readFile(path.join(d, 'last', 'model.safetensors'));
  expect(Buffer.compare(await weights(out), await weights(path.join(dir, 'full')))).toBe(0); // bit for bit

  const best = path.join(out, 'best');
  const config = JSON.parse(await readFile(path.join(best, 'config.json'), 'utf8'));
  expect(config).toMatchObject({ model_type: 'mamba', hidden_size: 64, num_hidden_layers: 2, state_size: 16, expand: 2, conv_kernel: 4, vocab_size: 29 });
  const gen = memoryIo();
  await generateCommand({ model: best, prompt: 'the', maxTokens: '5', temperature: '0' }, gen);
  expect(gen.stderr).toMatch(/finish: max-tokens tokens=5/);
  const logits = memoryIo();
  expect(await runCli(['logits', '--model', best, '--tokens', '1,2,3', '--prefer', 'cpu'], logits)).toBe(0);
  expect(JSON.parse(logits.stdout).shape).toEqual([3, 29]);
  const info = memoryIo();
  expect(await runCli(['info', '--model', best], info)).toBe(0);
  expect(info.stdout).toMatch(/^parameters +67,328 /m);
  expect(tf.memory().numTensors).toBe(start);
});

it('samples at the end and fine-tunes a Mamba checkpoint with --from (not with LoRA)', async () => {
  const out = path.join(dir, 'sampled');
  const io = memoryIo();
  const r = await trainCommand({ data, out, arch: 'mamba', steps: '2', evalEvery: '2', threads: '1' }, io);
  expect(r.reason).toBe('done');
  expect(io.stdout).toMatch(/^--- sample \(temperature 0\.8, top-k 40\) ---\nt/);

  const tuned = memoryIo();
  const ft = await trainCommand({ data, out: path.join(dir, 'tuned'), from: path.join(out, 'best'), steps: '2', evalEvery: '2', sample: false, threads: '2' }, tuned);
  expect(ft.reason).toBe('done');
  expect(tuned.stderr).toContain(`full fine-tuning of ${path.join(out, 'best')}`);
  expect(JSON.parse(await readFile(path.join(dir, 'tuned', 'run.json'), 'utf8')).arch).toBe('mamba');

  const lora = memoryIo();
  expect(await runCli(['train', '--from', path.join(out, 'best'), '--data', data, '--out', path.join(dir, 'lora'), '--lora-rank', '2'], lora)).toBe(2);
  expect(lora.stderr).toMatch(/--lora-rank 2: LoRA adapts Transformer layers .* is a Mamba \(model_type "mamba"\)/);
  const mismatch = memoryIo();
  expect(await runCli(['train', '--from', path.join(out, 'best'), '--data', data, '--out', path.join(dir, 'mm'), '--arch', 'transformer'], mismatch)).toBe(2);
  expect(mismatch.stderr).toContain('--arch transformer: --from');
  const again = memoryIo();
  expect(await runCli(['train', '--data', data, '--out', out, '--resume', '--arch', 'mamba'], again)).toBe(2);
  expect(again.stderr).toContain('--arch "mamba" cannot be given with --resume');
});

it('--arch names both choices when given another', async () => {
  const io = memoryIo();
  expect(await runCli(['train', '--data', data, '--out', path.join(dir, 'x'), '--arch', 'rnn'], io)).toBe(2);
  expect(io.stderr).toBe('ftheta: error: --arch "rnn": expected one of transformer, mamba\n');
});
