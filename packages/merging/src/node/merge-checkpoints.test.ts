/**
 * Streaming merges of checkpoint directories: every method on the shared GPT-2 fixtures equals
 * mergeTensor on the tensors in memory; the output is a loadable checkpoint with the recipe in its
 * metadata; LoRA inputs equal the trainer's mergeLora; mismatched inputs are refused by name.
 */
import { initBackend } from '@ftheta/backend';
import { fromParamStore, loadCheckpointDir, parseTransformerConfig, saveCheckpointDir, toParamStore, Transformer } from '@ftheta/core-model/node';
import { createLora, loraBName, mergeLora } from '@ftheta/trainer';
import { saveAdapter } from '@ftheta/trainer/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeTensor } from '../merge-tensor';
import { parseRecipe } from '../recipe/parse-recipe';
import { maxAbsDiff, perturbed } from '../testing/random-tensor';
import { mergeRecipeFile } from './merge-recipe-file';

const fixtures = fileURLToPath(new URL('../../../core-model/test/fixtures/', import.meta.url));
let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-merge-'));
  // three "fine-tuned" models around gpt2-tiny: the perturbed fixture and two seeded offsets
  const tiny = await loadCheckpointDir(path.join(fixtures, 'gpt2-tiny'));
  await saveCheckpointDir(path.join(dir, 'base'), { config: tiny.config, tensors: tiny.tensors, tokenizerJson: { model: { type: 'BPE' }, note: 'from base' } });
  let seed = 100;
  for (const name of ['ft1', 'ft2']) {
    const tensors = new Map([...tiny.tensors].map(([n, t]) => [n, { shape: t.shape, data: perturbed(t.data, seed++, 0.02) }]));
    await saveCheckpointDir(path.join(dir, name), { config: tiny.config, tensors });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RECIPES: Record<string, string> = {
  linear: 'merge_method: linear\nmodels:\n  - {model: ft1, parameters: {weight: 2}}\n  - {model: ft2, parameters: {weight: 1}}\n',
  task_arithmetic: 'merge_method: task_arithmetic\nbase_model: base\nmodels:\n  - {model: ft1, parameters: {weight: 1}}\n  - {model: ft2, parameters: {weight: -0.5}}\nparameters: {lambda: 0.9}\n',
  ties: 'merge_method: ties\nbase_model: base\nmodels:\n  - {model: ft1, parameters: {weight: 1, density: 0.5}}\n  - {model: ft2, parameters: {weight: 0.7, density: [{filter: mlp, value: 0.3}, {value: 0.6}]}}\n',
  dare_linear: 'merge_method: dare_linear\nbase_model: base\nmodels:\n  - {model: ft1, parameters: {weight: 1, density: 0.5}}\n  - {model: ft2, parameters: {weight: 1, density: 0.5}}\n',
  dare_ties: 'merge_method: dare_ties\nbase_model: base\nmodels:\n  - {model: base}\n  - {model: ft1, parameters: {weight: 1, density: 0.7}}\n  - {model: ft2, parameters: {weight: 0.5, density: 0.4}}\nparameters: {normalize: true}\n',
  slerp: 'merge_method: slerp\nbase_model: base\nmodels:\n  - {model: base}\n  - {model: ft1}\nparameters:\n  t: [{filter: attn, value: 0.3}, {value: 0.6}]\n',
  model_stock: 'merge_method: model_stock\nbase_model: base\nmodels:\n  - {model: ft1}\n  - {model: ft2}\nparameters: {filter_wise: true}\n',
};

describe('mergeRecipeFile', () => {
  for (const [method, text] of Object.entries(RECIPES)) {
    it(`${method}: equals mergeTensor on the tensors in memory; a loadable checkpoint with the recipe in its metadata`, async () => {
      const recipeFile = path.join(dir, `${method}.yml`);
      await writeFile(recipeFile, text);
      const out = path.join(dir, 'out', method);
      const seen: number[] = [];
      const summary = await mergeRecipeFile(recipeFile, out, { seed: 5, onProgress: (p) => seen.push(p.done) });
      expect(summary.tensors).toBe(28);
      expect(seen).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
      expect((await readdir(out)).sort()).toEqual(method === 'linear' ? ['config.json', 'model.safetensors'] : ['config.json', 'model.safetensors', 'tokenizer.json']);
      const merged = await loadCheckpointDir(out);
      expect(merged.metadata.mergekit_recipe).toBe(text);
      expect(JSON.parse(merged.metadata.ftheta_merge)).toMatchObject({ merge_method: method, seed: 5 });
      if (method !== 'linear') expect(merged.tokenizerJson).toMatchObject({ note: 'from base' });
      const recipe = parseRecipe(text);
      const inputs = recipe.models.map((m) => m.model);
      if (recipe.baseModel && !inputs.includes(recipe.baseModel)) inputs.push(recipe.baseModel);
      const loaded = await Promise.all(inputs.map((m) => loadCheckpointDir(path.join(dir, m))));
      for (const [name, t] of merged.tensors) {
        const expected = mergeTensor(recipe, name, loaded.map((c) => c.tensors.get(name)!.data), { seed: 5, shape: t.shape });
        expect(maxAbsDiff(t.data, expected), name).toBe(0);
      }
      // and the Transformer runs on it
      const model = new Transformer(parseTransformerConfig(merged.config), toParamStore(merged.tensors));
      const ids = tf.tensor2d([[1, 2, 3]], [1, 3], 'int32');
      const { logits, state } = model.forward(ids);
      expect(logits.shape).toEqual([1, 3, 64]);
      expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([ids, logits]);
      state.dispose();
      model.dispose();
    });
  }

  it('the same seed gives the same DARE merge, another seed another one', async () => {
    const recipeFile = path.join(dir, 'dare_linear.yml');
    await writeFile(recipeFile, RECIPES.dare_linear);
    const read = async (seed: number) => {
      await mergeRecipeFile(recipeFile, path.join(dir, 'seeded'), { seed });
      return (await loadCheckpointDir(path.join(dir, 'seeded'))).tensors.get('transformer.h.0.attn.c_attn.weight')!.data;
    };
    const a = await read(1);
    expect(await read(1)).toEqual(a);
    expect(await read(2)).not.toEqual(a);
  });

  it('a LoRA input (base+adapter) is merged into its base first, as the trainer’s mergeLora does', async () => {
    const tiny = await loadCheckpointDir(path.join(fixtures, 'gpt2-tiny'));
    const base = new Transformer(parseTransformerConfig(tiny.config), toParamStore(tiny.tensors));
    const before = tf.memory().numTensors;
    const lora = createLora(base, { r: 2, alpha: 6, targetModules: ['c_attn', 'mlp.c_proj'] });
    for (const t of lora.targets) {
      const b = lora.params.get(loraBName(t.module));
      tf.tidy(() => b.assign(tf.randomNormal(b.shape, 0, 0.3, 'float32', 9)));
    }
    await saveAdapter(path.join(dir, 'adapter'), lora);
    const merged = mergeLora(lora);
    const want = fromParamStore(merged.params);
    merged.dispose();
    lora.dispose();
    base.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);

    const recipeFile = path.join(dir, 'lora.yml');
    await writeFile(recipeFile, 'merge_method: linear\nmodels:\n  - {model: base+adapter, parameters: {weight: 1}}\n');
    await mergeRecipeFile(recipeFile, path.join(dir, 'out', 'lora'));
    const got = await loadCheckpointDir(path.join(dir, 'out', 'lora'));
    let changed = 0;
    for (const [name, t] of want) {
      expect(maxAbsDiff(got.tensors.get(name)!.data, t.data), name).toBeLessThan(1e-6);
      if (maxAbsDiff(t.data, tiny.tensors.get(name)!.data) > 1e-4) changed++;
    }
    expect(changed).toBe(4); // c_attn and mlp.c_proj of both layers

    await writeFile(recipeFile, 'merge_method: linear\nmodels:\n  - {model: base+nowhere, parameters: {weight: 1}}\n');
    await expect(mergeRecipeFile(recipeFile, path.join(dir, 'out', 'lora2'))).rejects.toThrow(`${path.join(dir, 'nowhere', 'adapter_config.json')}: cannot read the LoRA adapter config`);
  });

  it('refuses inputs whose names or shapes differ, naming the tensor and the files, and writes nothing', async () => {
    const tiny = await loadCheckpointDir(path.join(fixtures, 'gpt2-tiny'));
    const bigger = { ...tiny.config, vocab_size: 65 };
    const tensors = new Map(tiny.tensors);
    tensors.set('transformer.wte.weight', { dtype: 'F32', shape: [65, 32], data: new Float32Array(65 * 32) });
    await saveCheckpointDir(path.join(dir, 'wide'), { config: bigger, tensors });
    const recipeFile = path.join(dir, 'bad.yml');
    await writeFile(recipeFile, 'merge_method: task_arithmetic\nbase_model: base\nmodels:\n  - {model: wide, parameters: {weight: 1}}\n');
    const out = path.join(dir, 'out', 'bad');
    await expect(mergeRecipeFile(recipeFile, out)).rejects.toThrow(
      `${path.join(dir, 'wide', 'model.safetensors')}: tensor "transformer.wte.weight" has shape [65, 32], but [64, 32] in ${path.join(dir, 'base', 'model.safetensors')}`,
    );
    await expect(readdir(out)).rejects.toThrow();
    await writeFile(recipeFile, 'merge_method: ties\nbase_model: base\nmodels:\n  - {model: ft1, parameters: {weight: 1, density: 0.01}}\n');
    await expect(mergeRecipeFile(recipeFile, out)).rejects.toThrow('density 0.01 keeps');
    expect(await readdir(out)).toEqual([]); // the temp file is gone
  });
});
