import { initBackend } from '@ftheta/backend';
import { loadCheckpointDir, parseTransformerConfig, saveCheckpointDir, toParamStore, Transformer } from '@ftheta/core-model/node';
import * as tf from '@tensorflow/tfjs-core';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';

const FIXTURES = new URL('../../../../packages/core-model/test/fixtures/', import.meta.url).pathname;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ftheta-cli-merge-'));
  cpSync(join(FIXTURES, 'gpt2-tiny'), join(dir, 'tiny'), { recursive: true });
  // a "fine-tuned" copy: every weight shifted by a small deterministic amount
  const tiny = await loadCheckpointDir(join(dir, 'tiny'));
  const shifted = new Map([...tiny.tensors].map(([n, t]) => [n, { shape: t.shape, data: t.data.map((v, i) => v + 0.01 * Math.sin(i + n.length)) }]));
  await saveCheckpointDir(join(dir, 'perturbed'), { config: tiny.config, tensors: shifted });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ftheta merge', () => {
  it('merges two tiny checkpoints into a loadable checkpoint with the recipe in its metadata', async () => {
    const recipe = 'merge_method: slerp\nbase_model: tiny\nmodels:\n  - model: tiny\n  - model: perturbed\nparameters:\n  t: [{filter: attn, value: 0.25}, {value: 0.5}]\ndtype: float32\n';
    writeFileSync(join(dir, 'recipe.yml'), recipe);
    const io = memoryIo();
    const out = join(dir, 'merged');
    expect(await runCli(['merge', join(dir, 'recipe.yml'), '--out', out, '--no-progress'], io)).toBe(0);
    expect(io.stdout).toMatch(/^merged 2 models into .*merged: 28 tensors, 28,544 parameters, in [0-9.]+ s$/m);
    expect(readdirSync(out).sort()).toEqual(['config.json', 'model.safetensors']);
    const merged = await loadCheckpointDir(out);
    expect(merged.metadata.mergekit_recipe).toBe(recipe);
    await initBackend({ prefer: 'cpu' });
    const start = tf.memory().numTensors;
    const model = new Transformer(parseTransformerConfig(merged.config), toParamStore(merged.tensors));
    const ids = tf.tensor2d([[3, 1, 4, 1, 5]], [1, 5], 'int32');
    const { logits, state } = model.forward(ids);
    expect(logits.shape).toEqual([1, 5, 64]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([ids, logits]);
    state.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('a bad recipe exits 2 with one line naming the key; a broken checkpoint exits 1', async () => {
    writeFileSync(join(dir, 'bad.yml'), 'merge_method: ties\nbase_model: tiny\nmodels:\n  - {model: perturbed, parameters: {weight: 1, density: 1.5}}\n');
    const io = memoryIo();
    expect(await runCli(['merge', join(dir, 'bad.yml'), '--out', join(dir, 'x'), '--no-progress'], io)).toBe(2);
    expect(io.stderr).toBe(`ftheta: error: ${join(dir, 'bad.yml')}: models[0].parameters.density: must be in (0, 1], got 1.5\n`);
    const missing = memoryIo();
    expect(await runCli(['merge', join(dir, 'nope.yml'), '--out', join(dir, 'x')], missing)).toBe(2);
    expect(missing.stderr).toContain('nope.yml: cannot read: no such file');
    writeFileSync(join(dir, 'gone.yml'), 'merge_method: linear\nmodels:\n  - {model: nowhere, parameters: {weight: 1}}\n');
    const gone = memoryIo();
    expect(await runCli(['merge', join(dir, 'gone.yml'), '--out', join(dir, 'x'), '--no-progress'], gone)).toBe(1);
    expect(gone.stderr).toBe(`ftheta: error: ${join(dir, 'nowhere', 'config.json')}: cannot read the checkpoint config: no such file or directory\n`);
    expect(await runCli(['merge', join(dir, 'bad.yml'), '--out', join(dir, 'x'), '--seed', '-1'], memoryIo())).toBe(2);
  });

  it('--help documents every method and parameter with an example recipe', async () => {
    const io = memoryIo();
    expect(await runCli(['merge', '--help'], io)).toBe(0);
    for (const m of ['linear', 'task_arithmetic', 'ties', 'dare_linear', 'dare_ties', 'slerp', 'model_stock']) expect(io.stdout).toContain(`  ${m}`);
    for (const p of ['weight', 'density', 'lambda', 'normalize', 'rescale', 'int8_mask', ' t ', 'filter_wise']) expect(io.stdout).toContain(p);
    expect(io.stdout).toContain('Example recipe:');
    expect(io.stdout).toContain('arXiv:2306.01708');
  });
});
