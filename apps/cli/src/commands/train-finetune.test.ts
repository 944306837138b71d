/** `ftheta train --from`: full and LoRA fine-tuning, resume, forgetting report, flag errors. */
import { initBackend } from '@ftheta/backend';
import { loadAdapter } from '@ftheta/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { loadModelDir } from '../model/load-model-dir';
import { trainCommand } from './train';

let dir: string;
let base: string;
let newData: string;
let heldOut: string;
const ORIGINAL = 'the quick brown fox jumps over the lazy dog.\n';
const NEW = 'a lazy dog sleeps. the brown fox quits.\n';
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-finetune-test-'));
  const data = path.join(dir, 'original.txt');
  await writeFile(data, ORIGINAL.repeat(40));
  newData = path.join(dir, 'new.txt');
  await writeFile(newData, NEW.repeat(40));
  heldOut = path.join(dir, 'held-out.txt');
  await writeFile(heldOut, ORIGINAL.repeat(4));
  const r = await trainCommand({ data, out: path.join(dir, 'base'), preset: 'tiny', steps: '30', evalEvery: '30', sample: false }, memoryIo());
  expect(r.reason).toBe('done');
  base = path.join(dir, 'base', 'last');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileBytes = async (d: string) => new Map(await Promise.all((await readdir(d)).sort().map(async (f) => [f, await readFile(path.join(d, f))] as const)));
function logits(model: { forward(ids: tf.Tensor2D): { logits: tf.Tensor3D; state: { dispose(): void } } }): Float32Array {
  const ids = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8]], [1, 8], 'int32');
  const out = model.forward(ids);
  const data = out.logits.dataSync().slice() as Float32Array;
  tf.dispose([ids, out.logits]);
  out.state.dispose();
  return data;
}

it('full fine-tuning from a checkpoint lowers the loss on the new data and reports forgetting (printed and saved)', async () => {
  const out = path.join(dir, 'full');
  const io = memoryIo();
  const r = await trainCommand({ data: newData, out, from: base, steps: '12', evalEvery: '4', forgetting: heldOut, sample: false }, io);
  expect(r.reason).toBe('done');
  expect(io.stderr).toMatch(/full fine-tuning of .*base\/last/);
  expect(io.stderr).toMatch(/forgetting: held-out .*held-out.txt \(\d+ tokens\); before: loss \d/);
  expect(r.evals.at(-1)!.valLoss).toBeLessThan(r.evals[0]!.valLoss);
  expect(r.history.at(-1)!.loss).toBeLessThan(r.history[0]!.loss);
  expect(io.stdout).toMatch(/--- forgetting on .*held-out.txt[\s\S]*task +loss before +loss after[\s\S]*held-out +\d/);
  const saved = JSON.parse(await readFile(path.join(out, 'forgetting.json'), 'utf8'));
  expect(saved.format).toBe('ftheta-forgetting-report');
  expect(saved.after).toEqual({ kind: 'full', step: 12 });
  expect(saved.tasks[0].task).toBe('held-out');
  expect(saved.tasks[0].delta).toBeCloseTo(saved.tasks[0].lossAfter - saved.tasks[0].lossBefore, 10);
  expect(saved.tasks[0].delta).toBeGreaterThan(0); // it forgot some of the original text
  const run = JSON.parse(await readFile(path.join(out, 'run.json'), 'utf8'));
  expect(run.from).toBe(path.resolve(base));
  expect(run.hyper).toMatchObject({ n_layer: 2, n_head: 2, n_embd: 64, ctx: 32 });
  expect(await readFile(path.join(out, 'last', 'tokenizer.json'), 'utf8')).toBe(await readFile(path.join(base, 'tokenizer.json'), 'utf8'));
});

it('LoRA fine-tuning leaves the base files unchanged, writes a PEFT adapter loadAdapter reads, and a merged checkpoint equal to base+adapter', async () => {
  const baseFiles = await fileBytes(base);
  const out = path.join(dir, 'lora');
  const io = memoryIo();
  const flags = { loraRank: '4', loraAlpha: '8', loraTargets: 'c_attn,c_proj,c_fc', loraDropout: '0.1' };
  const r = await trainCommand({ data: newData, out, from: base, steps: '8', evalEvery: '4', forgetting: heldOut, sample: false, ...flags }, io);
  expect(r.reason).toBe('done');
  expect(r.history.at(-1)!.loss).toBeLessThan(r.history[0]!.loss);
  expect(await fileBytes(base)).toEqual(baseFiles);
  expect(io.stderr).toMatch(/LoRA fine-tuning of .* \(rank 4, alpha 8, targets c_attn,c_proj,c_fc, dropout 0.1; the base is not written\)/);
  const tail = io.stderr.trim().split('\n').slice(-3).join('\n');
  expect(tail).toContain(`LoRA adapter (PEFT: adapter_config.json + adapter_model.safetensors): ${path.join(out, 'adapter')}`);
  expect(tail).toContain(`merged checkpoint (config.json + model.safetensors + tokenizer.json): ${path.join(out, 'merged')}`);
  const peft = JSON.parse(await readFile(path.join(out, 'adapter', 'adapter_config.json'), 'utf8'));
  expect(peft).toMatchObject({ peft_type: 'LORA', r: 4, lora_alpha: 8, lora_dropout: 0.1, base_model_name_or_path: path.resolve(base) });
  expect(JSON.parse(await readFile(path.join(out, 'forgetting.json'), 'utf8')).after).toEqual({ kind: 'lora', step: 8 });
  expect(io.stdout).toMatch(/held-out +\d/);

  const start = tf.memory().numTensors;
  const loadedBase = await loadModelDir(base);
  if (loadedBase.modelType !== 'gpt2') throw new Error(`expected a gpt2 base, got ${loadedBase.modelType}`);
  const baseModel = loadedBase.model;
  const lora = await loadAdapter(path.join(out, 'adapter'), baseModel);
  expect(lora.targets).toHaveLength(8); // c_proj is both attn.c_proj and mlp.c_proj
  const { model: merged } = await loadModelDir(path.join(out, 'merged'));
  const a = logits(lora);
  const diff = logits(merged).reduce((m, v, i) => Math.max(m, Math.abs(v - a[i]!)), 0);
  expect(diff).toBeLessThan(1e-5);
  const moved = logits(baseModel).reduce((m, v, i) => Math.max(m, Math.abs(v - a[i]!)), 0);
  expect(moved).toBeGreaterThan(1e-4);
  lora.dispose();
  baseModel.dispose();
  merged.dispose();
  expect(tf.memory().numTensors).toBe(start);
});

it('an interrupted LoRA run with dropout resumes exactly', async () => {
  const common = { data: newData, from: base, steps: '6', evalEvery: '2', sample: false, loraRank: '2', loraDropout: '0.2' };
  const full = await trainCommand({ ...common, out: path.join(dir, 'lora-full') }, memoryIo());
  const out = path.join(dir, 'lora-split');
  const controller = new AbortController();
  const io = memoryIo();
  const first = trainCommand({ ...common, out }, io, controller.signal);
  const poll = setInterval(() => io.stderr.includes('/6 loss') && controller.abort(), 1);
  const a = await first.finally(() => clearInterval(poll));
  expect(a.reason).toBe('aborted');
  const b = await trainCommand({ data: newData, out, resume: true, sample: false }, memoryIo());
  expect(b.reason).toBe('done');
  expect([...a.history, ...b.history].map((s) => s.loss)).toEqual(full.history.map((s) => s.loss));
  expect([...a.evals, ...b.evals]).toEqual(full.evals);
  const fullAdapter = await readFile(path.join(dir, 'lora-full', 'adapter', 'adapter_model.safetensors'));
  expect((await readFile(path.join(out, 'adapter', 'adapter_model.safetensors'))).equals(fullAdapter)).toBe(true);
});

it('rejects bad fine-tuning flags, naming the flag and the value', async () => {
  const cases: [string[], RegExp][] = [
    [['--from', base, '--lora-rank', '0'], /--lora-rank must be a positive integer, got "0"/],
    [['--from', base, '--lora-rank', '2.5'], /--lora-rank must be a positive integer, got "2.5"/],
    [['--from', base, '--lora-rank', '4', '--lora-alpha', '-1'], /--lora-alpha must be a number > 0, got "-1"/],
    [['--from', base, '--lora-rank', '4', '--lora-dropout', '1'], /--lora-dropout must be a number in \[0, 1\), got "1"/],
    [['--from', base, '--lora-rank', '4', '--lora-targets', 'c_attn,,c_fc'], /--lora-targets must be a comma-separated list .* got "c_attn,,c_fc"/],
    [['--from', base, '--lora-rank', '4', '--lora-targets', 'q_proj'], /--lora-targets q_proj: .*"q_proj" matches no linear layer.*available: c_attn, c_proj, c_fc/],
    [['--from', base, '--lora-alpha', '8'], /--lora-alpha "8" needs --lora-rank N/],
    [['--lora-rank', '4'], /--lora-rank 4 needs --from DIR/],
    [['--forgetting', heldOut], /--forgetting .* needs --from DIR/],
    [['--from', path.join(dir, 'nope')], /--from .*nope: no such directory/],
    [['--from', dir], /--from .*: no tokenizer.json/],
    [['--from', base, '--forgetting', path.join(dir, 'missing.txt')], /--forgetting .*missing.txt: no such file/],
    [['--from', base, '--data', path.join(dir, 'semicolon.txt')], /--data .*semicolon.txt: cannot be tokenized with .*base\/last\/tokenizer.json \(char tokenizer: ";"/],
    [['--resume', '--lora-rank', '4'], /--lora-rank "4" cannot be given with --resume/],
  ];
  await writeFile(path.join(dir, 'semicolon.txt'), 'a; b'.repeat(100));
  for (const [args, message] of cases) {
    const io = memoryIo();
    const code = await runCli(['train', '--data', newData, '--out', path.join(dir, 'bad'), '--steps', '1', '--no-sample', ...args], io);
    expect(io.stderr, args.join(' ')).toMatch(message);
    expect(code, args.join(' ')).toBe(2);
  }
  const help = memoryIo();
  expect(await runCli(['train', '--help'], help)).toBe(0);
  for (const flag of ['--from <dir>', '--lora-rank <n>', '--lora-alpha <a>', '--lora-targets <list>', '--lora-dropout <p>', '--forgetting <file>']) expect(help.stdout).toContain(flag);
  expect(help.stdout).toMatch(/ftheta train --from runs\/shakespeare\/best .* --lora-rank 8/s);
});
