/** `ftheta facts`: the fact base and fact model, saved with fact-base.json, recall on stdout. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';

let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'wasm', onWarning: () => {} });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-facts-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ftheta facts', () => {
  it('trains the fact model on 2 threads, saves it with fact-base.json and prints recall per template', async () => {
    const start = tf.memory().numTensors;
    const io = memoryIo();
    const out = path.join(dir, 'model');
    const code = await runCli(['facts', '--tiny', '--subjects', '8', '--steps', '30', '--seed', '3', '--threads', '2', '--out', out], io);
    expect(io.stderr).not.toContain('error');
    expect(code).toBe(0);
    expect(io.stderr).toContain('8 people x 4 relations');
    expect(io.stderr).toContain('on 2 gradient threads');
    expect(io.stderr).toMatch(/30\/30 loss \d+\.\d+ lr \S+ [\d.]+k? tok\/s/);
    const lines = io.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (let t = 0; t < 4; t++) expect(lines[t]).toMatch(new RegExp(`^recall, template ${t}: \\d+\\.\\d% \\(\\d+/32\\)  \\(".+"\\)$`));
    expect(lines[0]).toContain('"{} was born in", "{} works as a", "{} plays the", "{} speaks"');
    expect(lines[4]).toMatch(/^recall, all templates: \d+\.\d% \(\d+\/128\)$/);
    expect((await readdir(out)).sort()).toEqual(['config.json', 'fact-base.json', 'model.safetensors', 'tokenizer.json']);
    expect(JSON.parse(await readFile(path.join(out, 'fact-base.json'), 'utf8'))).toEqual({ format: 'ftheta-fact-base', seed: 3, subjects: 8, shareFirstName: 2, records: true });
    expect(JSON.parse(await readFile(path.join(out, 'config.json'), 'utf8'))).toMatchObject({ model_type: 'gpt2', n_layer: 3, n_embd: 32 });
    expect(tf.memory().numTensors).toBe(start);
  });

  it('names bad flags in one line (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--subjects', '1'], /--subjects must be in \[2, 5000\], got 1/],
      [['--subjects', 'many'], /--subjects must be a positive integer, got "many"/],
      [['--steps', '0'], /--steps must be a positive integer, got "0"/],
      [['--threads', 'x'], /--threads must be a positive integer or "auto", got "x"/],
    ];
    for (const [flags, message] of cases) {
      const io = memoryIo();
      expect(await runCli(['facts', '--tiny', '--out', path.join(dir, 'bad'), ...flags], io)).toBe(2);
      expect(io.stderr).toMatch(message);
      expect(io.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('has --help naming every flag, not the hidden --tiny', async () => {
    const io = memoryIo();
    expect(await runCli(['facts', '--help'], io)).toBe(0);
    for (const flag of ['--out', '--subjects', '--seed', '--steps', '--threads']) expect(io.stdout).toContain(flag);
    expect(io.stdout).not.toContain('--tiny');
  });
});
