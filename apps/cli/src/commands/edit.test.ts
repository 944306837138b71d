/** `ftheta edit` on a tiny fact model trained here: what it writes (bit for bit), the statistics cache, and the errors. */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import { parseSafetensors } from '@ftheta/core-model/node';
import { factBase, fillTemplate, objectOf, relationOf, VALUE_DEFAULTS } from '@ftheta/editing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';

const MAMBA = new URL('../../../../packages/ssm/test/fixtures/mamba-tiny/', import.meta.url).pathname;
const base = factBase({ seed: 7, subjects: 8 });
const subject = base.subjects[2]!;
const bornIn = relationOf(base, 'born_in');
const newCity = bornIn.objects.find((o) => o !== objectOf(base, subject, 'born_in'))!;
let dir: string;
let model: string;
let cache: string;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', onWarning: () => {} });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-edit-test-'));
  model = path.join(dir, 'model');
  cache = path.join(dir, 'cache');
  const io = memoryIo();
  expect(await runCli(['facts', '--tiny', '--subjects', '8', '--steps', '40', '--seed', '7', '--threads', '1', '--out', model], io), io.stderr).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const edit = async (...flags: string[]) => {
  const io = memoryIo();
  const statsCache = flags.includes('ft') ? [] : ['--stats-cache', cache]; // ft takes no statistics flags
  const code = await runCli(['edit', '--model', model, ...statsCache, ...flags], io);
  return { code, ...io };
};

/** Names of the tensors of `out`/model.safetensors that differ from the input's; the others must be equal bit for bit. */
async function changedTensors(out: string): Promise<string[]> {
  const a = parseSafetensors(new Uint8Array(await readFile(path.join(model, 'model.safetensors')))).tensors;
  const b = parseSafetensors(new Uint8Array(await readFile(path.join(out, 'model.safetensors')))).tensors;
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  const changed: string[] = [];
  for (const [name, t] of a) {
    const u = b.get(name)!;
    expect(u.shape).toEqual(t.shape);
    const same = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).equals(Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength));
    if (!same) changed.push(name);
  }
  return changed.sort();
}

describe('ftheta edit', () => {
  it('ROME rewrites one matrix: --out holds every tensor, only that one changed, plus edit.json; the second run reads the cached statistics', async () => {
    const start = tf.memory().numTensors;
    const out = path.join(dir, 'rome');
    const first = await edit('--subject', subject, '--relation-prompt', '{} was born in', '--target', newCity, '--layer', '1', '--out', out);
    expect(first.stderr).not.toContain('error');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/key statistics of layer 1: \d+ positions, cached in /);
    expect(first.stderr).toContain(`keep (KL) for edit 1: "${subject} works as a", "${subject} plays the", "${subject} speaks"`);
    const prompt = JSON.stringify(fillTemplate(bornIn.templates[0]!, subject));
    expect(first.stdout).toMatch(new RegExp(`^before: ${escapeRegExp(prompt)} -> ".*"; NLL of "${newCity}" \\d+\\.\\d{3} \\(\\d+\\.\\d{3} per token\\)$`, 'm'));
    expect(first.stdout).toMatch(new RegExp(`^after: ${escapeRegExp(prompt)} -> ".*"; NLL of "${newCity}" \\d+\\.\\d{3}`, 'm'));
    expect(await changedTensors(out)).toEqual(['transformer.h.1.mlp.c_proj.weight']);
    expect((await readdir(out)).sort()).toEqual(['config.json', 'edit.json', 'fact-base.json', 'model.safetensors', 'tokenizer.json']);
    for (const f of ['config.json', 'tokenizer.json', 'fact-base.json']) expect(await readFile(path.join(out, f), 'utf8'), f).toBe(await readFile(path.join(model, f), 'utf8'));
    const json = JSON.parse(await readFile(path.join(out, 'edit.json'), 'utf8'));
    expect(json).toMatchObject({
      format: 'ftheta-edit',
      method: 'rome',
      layers: [1],
      tensors: ['transformer.h.1.mlp.c_proj.weight'],
      requests: [{ request: { subject, prompt: JSON.parse(prompt), target: newCity }, keep: [expect.any(String), expect.any(String), expect.any(String)] }],
      hyperParameters: { steps: VALUE_DEFAULTS.steps, lr: VALUE_DEFAULTS.lr, klFactor: VALUE_DEFAULTS.klFactor, contexts: 11, statistics: { positions: 20000 } },
    });
    expect(json.requests[0].search.steps).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(start);

    // Same model, layer and text: the statistics come from the cache; the edit is the same.
    const again = path.join(dir, 'rome-again');
    const second = await edit('--subject', subject, '--relation-prompt', `${subject} was born in`, '--target', newCity, '--layer', '1', '--out', again);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/key statistics of layer 1: read .*mom2-layer1-[0-9a-f]{16}\.safetensors/);
    expect(await readFile(path.join(again, 'model.safetensors'))).toEqual(await readFile(path.join(out, 'model.safetensors')));
  });

  it('MEMIT (--batch) changes one matrix per layer of --layers', async () => {
    const start = tf.memory().numTensors;
    const file = path.join(dir, 'edits.json');
    const plays = relationOf(base, 'plays');
    await writeFile(file, JSON.stringify([
      { subject, prompt: '{} was born in', target: newCity },
      { subject: base.subjects[4]!, prompt: `${base.subjects[4]} plays the`, target: plays.objects.find((o) => o !== objectOf(base, base.subjects[4]!, 'plays'))! },
    ]));
    const out = path.join(dir, 'memit');
    const r = await edit('--batch', file, '--layers', '0,1', '--lambda', '3', '--steps', '20', '--kl', '0.5', '--out', out);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('MEMIT over layers 0, 1 (lambda 3): 2 edits');
    expect(r.stdout.match(/^before: /gm)).toHaveLength(2);
    expect(r.stdout.match(/^after: /gm)).toHaveLength(2);
    expect(await changedTensors(out)).toEqual(['transformer.h.0.mlp.c_proj.weight', 'transformer.h.1.mlp.c_proj.weight']);
    const json = JSON.parse(await readFile(path.join(out, 'edit.json'), 'utf8'));
    expect(json).toMatchObject({ method: 'memit', layers: [0, 1], hyperParameters: { mom2Weight: 3, steps: 20, klFactor: 0.5 } });
    expect(json.requests).toHaveLength(2);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('--method ft fine-tunes the same matrix (no statistics needed)', async () => {
    const out = path.join(dir, 'ft');
    const r = await edit('--method', 'ft', '--subject', subject, '--relation-prompt', '{} speaks', '--target', 'Tarvish', '--out', out, '--steps', '5');
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('key statistics');
    expect(await changedTensors(out)).toEqual(['transformer.h.0.mlp.c_proj.weight']);
    expect(JSON.parse(await readFile(path.join(out, 'edit.json'), 'utf8'))).toMatchObject({ method: 'ft', layers: [0], hyperParameters: { steps: 5, lr: 5e-4 } });
  });

  it('names bad input in one line (exit 2), writing nothing', async () => {
    const file = (name: string, text: string) => writeFile(path.join(dir, name), text).then(() => path.join(dir, name));
    const notArray = await file('not-array.json', '{"subject": "x"}');
    const valid = await file('valid.json', JSON.stringify([{ subject, prompt: '{} was born in', target: newCity }]));
    const noTarget = await file('no-target.json', JSON.stringify([{ subject, prompt: '{} was born in', target: newCity }, { subject, prompt: '{} plays the' }]));
    const out = path.join(dir, 'never');
    const cases: [string[], RegExp][] = [
      [['--subject', subject, '--relation-prompt', '{} was born in', '--out', out], /--target TEXT \(the new answer\) is required for a single edit/],
      [['--subject', subject, '--relation-prompt', 'Somebody was born in', '--target', newCity, '--out', out], new RegExp(`--relation-prompt "Somebody was born in" does not contain the subject "${subject}"`)],
      [['--batch', notArray, '--out', out], new RegExp(`--batch ${escapeRegExp(notArray)}: expected a JSON array of edits .*, got object`)],
      [['--batch', noTarget, '--out', out], new RegExp(`--batch ${escapeRegExp(noTarget)}: edit 2: "target" must be a non-empty string, got undefined`)],
      [['--batch', noTarget, '--method', 'rome', '--out', out], /--method rome takes one edit/],
      [['--subject', subject, '--relation-prompt', '{} was born in', '--target', newCity, '--out', model], /--out \S+ is the --model directory/],
      [['--subject', subject, '--relation-prompt', '{} was born in', '--target', newCity, '--layer', '2', '--out', out], /--layer 2 is out of range: the model has 3 layers, and ROME writes below the last one \(0\.\.1\)/],
      [['--subject', subject, '--relation-prompt', '{} was born in', '--target', newCity, '--layers', '0,1', '--out', out], /--layers is for MEMIT/],
      [['--method', 'ft', '--subject', subject, '--relation-prompt', '{} was born in', '--target', newCity, '--stats-positions', '500', '--out', out], /--stats-positions is for rome and memit/],
      [['--batch', valid, '--layers', '1,0', '--out', out], /--layers must be ascending without repeats, got "1,0"/],
      [['--batch', valid, '--kl', '-1', '--out', out], /--kl must be a non-negative number, got "-1"/],
      [['--method', 'ft', '--subject', subject, '--relation-prompt', '{} was born in', '--target', newCity, '--kl', '1', '--out', out], /--kl is for rome and memit/],
    ];
    for (const [flags, message] of cases) {
      const r = await edit(...flags);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('asks for --stats-data when the model has no fact-base.json; refuses a Mamba', async () => {
    const bare = path.join(dir, 'bare');
    await cp(model, bare, { recursive: true });
    await rm(path.join(bare, 'fact-base.json'));
    const io = memoryIo();
    expect(await runCli(['edit', '--model', bare, '--subject', subject, '--relation-prompt', '{} was born in', '--target', newCity, '--out', path.join(dir, 'x')], io)).toBe(2);
    expect(io.stderr).toMatch(/^ftheta: error: --stats-data FILE is required: the model has no fact-base\.json/m);
    const io2 = memoryIo();
    expect(await runCli(['edit', '--model', MAMBA, '--subject', 'a', '--relation-prompt', '{} b', '--target', 'c', '--out', path.join(dir, 'y')], io2)).toBe(2);
    expect(io2.stderr).toMatch(/is a mamba model; editing needs a Transformer/);
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
