/** `ftheta trace` on a tiny fact model trained here: the table (or JSON) and the errors. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import { factBase, SENTENCE_START } from '@ftheta/editing';
import { loadTokenizerFile } from '@ftheta/tokenizer/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { parseNoiseFlag } from './trace';

const MAMBA = new URL('../../../../packages/ssm/test/fixtures/mamba-tiny/', import.meta.url).pathname;
const base = factBase({ seed: 5, subjects: 8 });
const subject = base.subjects[1]!;
let dir: string;
let model: string;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', onWarning: () => {} });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-trace-test-'));
  model = path.join(dir, 'model');
  const io = memoryIo();
  expect(await runCli(['facts', '--tiny', '--subjects', '8', '--steps', '40', '--seed', '5', '--threads', '1', '--out', model], io), io.stderr).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const trace = async (...flags: string[]) => {
  const io = memoryIo();
  const code = await runCli(['trace', '--model', model, ...flags], io);
  return { code, ...io };
};

describe('ftheta trace', () => {
  it('prints a table with a row for every token of the prompt (subject starred) and a column per layer', async () => {
    const start = tf.memory().numTensors;
    const { code, stdout, stderr } = await trace('--prompt', '{} was born in', '--subject', subject, '--samples', '3');
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    const tokenizer = await loadTokenizerFile(path.join(model, 'tokenizer.json'));
    const tokens = tokenizer.encode(`${SENTENCE_START}${subject} was born in`).map((id) => tokenizer.decode([id]));
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^causal trace \(hidden\): P\(".*"\) clean \d+\.\d%, subject corrupted \d+\.\d%/);
    expect(lines[1]).toMatch(/^token +emb +L0 +L1 +L2$/);
    expect(lines.slice(2)).toHaveLength(tokens.length);
    tokens.forEach((t, i) => {
      expect(lines[2 + i]!.slice(1).startsWith(JSON.stringify(t))).toBe(true);
      expect(lines[2 + i]).toMatch(/( +\d+\.\d){4}$/);
    });
    const starred = lines.slice(2).filter((l) => l.startsWith('*')).join('');
    expect(starred.replace(/"([^"]*)"[ \d.]*/g, '$1').replace(/\*/g, '')).toBe(subject);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('--json gives the trace as data; --kind mlp has no embedding row', async () => {
    const { code, stdout } = await trace('--prompt', `${subject} plays the`, '--subject', subject, '--kind', 'mlp', '--samples', '2', '--noise', '0.5', '--target', 'harp', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ kind: 'mlp', rows: ['0', '1', '2'], prompt: `${subject} plays the`, subjectText: subject, noiseStd: 0.5 });
    expect(json.scores).toHaveLength(3);
    for (const row of json.scores) expect(row).toHaveLength(json.tokens.length);
    expect(' harp'.startsWith(json.answer)).toBe(true); // the target's first token
  });

  it('names bad input in one line (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--prompt', 'Somebody was born in', '--subject', subject], new RegExp(`--prompt "Somebody was born in" does not contain the subject "${subject}"`)],
      [['--prompt', '{} and {} were born in', '--subject', subject], /--prompt "\{\} and \{\} were born in" must hold exactly one "\{\}"/],
      [['--prompt', '{} was born in', '--subject', subject, '--kind', 'mlps'], /option '--kind <kind>' argument 'mlps' is invalid/],
      [['--prompt', '{} was born in', '--subject', subject, '--samples', '0'], /--samples must be a positive integer, got "0"/],
      [['--prompt', '{} was born in', '--subject', subject, '--noise', '-1'], /--noise must be a positive number .* got "-1"/],
      [['--prompt', '{} was born in', '--subject', subject, '--window', '3'], /--window applies to --kind mlp or attn/],
    ];
    for (const [flags, message] of cases) {
      const { code, stderr } = await trace(...flags);
      expect(code, stderr).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.split('\n')[0]).toMatch(message);
    }
  });

  it('refuses a Mamba checkpoint: tracing needs a Transformer', async () => {
    const io = memoryIo();
    expect(await runCli(['trace', '--model', MAMBA, '--prompt', 'ab', '--subject', 'a'], io)).toBe(2);
    expect(io.stderr).toMatch(/^ftheta: error: --model \S+ is a mamba model; causal tracing needs a Transformer \(model_type "gpt2"\)/);
  });

  it('parses --noise as a standard deviation or a multiple of the embeddings\' one', () => {
    expect(parseNoiseFlag(undefined)(0.1)).toBeCloseTo(0.3);
    expect(parseNoiseFlag('2x')(0.1)).toBeCloseTo(0.2);
    expect(parseNoiseFlag('0.25')(0.1)).toBe(0.25);
    expect(() => parseNoiseFlag('x')).toThrow(/--noise must be a positive number/);
  });
});
