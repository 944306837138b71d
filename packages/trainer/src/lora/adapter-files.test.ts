import { initBackend } from '@ftheta/backend';
import { parseSafetensors } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sources, tinyModel } from '../loop/tiny-run.testing';
import { train } from '../loop/train';
import { adapterFiles, createLora, loraFromAdapterFiles, mergeLora } from '.';
import { loadAdapter, saveAdapter } from './node-files';

let dir: string;
beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-lora-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function logitsOf(model: { forward(ids: tf.Tensor2D): { logits: tf.Tensor3D; state: { dispose(): void } } }): Float32Array {
  const x = tf.tensor2d([[3, 1, 4, 1, 5, 9, 2, 6]], [1, 8], 'int32');
  const out = model.forward(x);
  const data = out.logits.dataSync().slice() as Float32Array;
  tf.dispose([x, out.logits]);
  out.state.dispose();
  return data;
}

it('save → load gives the same adapter and identical logits; files are PEFT-shaped', async () => {
  const base = tinyModel();
  const lora = createLora(base, { r: 2, alpha: 16, targetModules: ['c_attn', 'mlp.c_proj'], baseModelNameOrPath: 'tiny-gpt2' });
  await train({ model: lora, ...sources(), steps: 3, lr: 1e-2 });
  const target = path.join(dir, 'adapter');
  await saveAdapter(target, lora);

  const config = JSON.parse(await readFile(path.join(target, 'adapter_config.json'), 'utf8'));
  expect(config).toMatchObject({
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    r: 2,
    lora_alpha: 16,
    lora_dropout: 0,
    target_modules: ['c_attn', 'mlp.c_proj'],
    fan_in_fan_out: true,
    bias: 'none',
    base_model_name_or_path: 'tiny-gpt2',
    use_rslora: false,
  });
  const { tensors } = parseSafetensors(await readFile(path.join(target, 'adapter_model.safetensors')));
  expect([...tensors.keys()].sort()).toEqual(
    [0, 1].flatMap((i) => [
      `base_model.model.transformer.h.${i}.attn.c_attn.lora_A.weight`,
      `base_model.model.transformer.h.${i}.attn.c_attn.lora_B.weight`,
      `base_model.model.transformer.h.${i}.mlp.c_proj.lora_A.weight`,
      `base_model.model.transformer.h.${i}.mlp.c_proj.lora_B.weight`,
    ]).sort(),
  );
  // nn.Linear layout as PEFT stores it: lora_A [r, in], lora_B [out, r] (c_attn: in 16, out 48; mlp.c_proj: in 64, out 16).
  expect(tensors.get('base_model.model.transformer.h.0.attn.c_attn.lora_A.weight')!.shape).toEqual([2, 16]);
  expect(tensors.get('base_model.model.transformer.h.0.attn.c_attn.lora_B.weight')!.shape).toEqual([48, 2]);
  expect(tensors.get('base_model.model.transformer.h.0.mlp.c_proj.lora_A.weight')!.shape).toEqual([2, 64]);
  expect(tensors.get('base_model.model.transformer.h.0.mlp.c_proj.lora_B.weight')!.shape).toEqual([16, 2]);

  const loaded = await loadAdapter(target, base);
  expect(loaded.lora).toEqual(lora.lora);
  expect(Buffer.from(logitsOf(loaded).buffer).equals(Buffer.from(logitsOf(lora).buffer))).toBe(true);
  const merged = mergeLora(loaded);
  expect(logitsOf(merged).reduce((m, v, i) => Math.max(m, Math.abs(v - logitsOf(lora)[i]!)), 0)).toBeLessThan(1e-5);
  merged.dispose();
  loaded.dispose();
  lora.dispose();
  base.dispose();
});

it('PEFT configs ftheta cannot honour, and files that do not fit the base, are refused by name', async () => {
  const base = tinyModel();
  const lora = createLora(base, { r: 2 });
  const files = adapterFiles(lora);
  const cfg = JSON.parse(files['adapter_config.json']);
  const bytes = files['adapter_model.safetensors'];
  const load = (c: unknown, b = bytes) => loraFromAdapterFiles(base, c, b);
  expect(() => load({ ...cfg, peft_type: 'IA3' })).toThrow(/peft_type "IA3" is not "LORA"/);
  expect(() => load({ ...cfg, bias: 'all' })).toThrow(/bias "all" is not supported/);
  expect(() => load({ ...cfg, use_dora: true })).toThrow(/use_dora/);
  expect(() => load({ ...cfg, rank_pattern: { c_attn: 4 } })).toThrow(/rank_pattern/);
  expect(() => load({ ...cfg, r: 0 })).toThrow(/adapter_config.json: LoRA: r must be a positive integer, got 0/);
  expect(() => load({ ...cfg, r: 4 })).toThrow(/adapter_model.safetensors: LoraModel: adapter tensor .* has shape \[2,16\], expected \[4,16\]/);
  expect(() => load({ ...cfg, target_modules: ['c_attn', 'c_fc'] })).toThrow(/"transformer.h.0.mlp.c_fc.lora_A.weight" .* is missing/);
  expect(() => load({ ...cfg, target_modules: ['k_proj'] })).toThrow(/target module "k_proj" matches no linear layer/);
  // A PEFT adapter trained with dropout loads (inference has no dropout) and keeps the value.
  const withDropout = load({ ...cfg, lora_dropout: 0.05 });
  expect(withDropout.lora.dropout).toBe(0.05);
  expect(JSON.parse(adapterFiles(withDropout)['adapter_config.json']).lora_dropout).toBe(0.05);
  withDropout.dispose();
  const missing = path.join(dir, 'missing');
  await expect(loadAdapter(missing, base)).rejects.toThrow(/cannot read .*adapter_config.json/);
  await saveAdapter(missing, lora);
  await rm(path.join(missing, 'adapter_model.safetensors'));
  await writeFile(path.join(missing, 'adapter_model.bin'), 'x');
  await expect(loadAdapter(missing, base)).rejects.toThrow(/only safetensors adapters are read/);
  lora.dispose();
  base.dispose();
});
