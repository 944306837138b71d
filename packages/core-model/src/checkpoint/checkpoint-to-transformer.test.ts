/**
 * End to end: a checkpoint directory written by the PyTorch reference, loaded with loadCheckpointDir,
 * saved again and reloaded, gives a Transformer whose logits equal the reference's.
 */
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { parseTransformerConfig } from '../config';
import { Transformer } from '../transformer';
import { loadCheckpointDir, saveCheckpointDir } from './node-files';
import { fromParamStore, toParamStore } from './param-store-convert';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu' });
});

for (const name of ['gpt2-tiny', 'gpt2-untied', 'gpt2-gelu-erf']) {
  it(`${name}: load -> Transformer -> save -> load gives the reference logits`, async () => {
    const dir = fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));
    const expected = JSON.parse(await readFile(path.join(dir, 'expected_logits.json'), 'utf8')) as { tokens: number[]; logits: number[][] };
    const tmp = await mkdtemp(path.join(tmpdir(), 'ftheta-ckpt-'));
    const before = tf.memory().numTensors;
    try {
      const loaded = await loadCheckpointDir(dir);
      expect(loaded.tensors.has('lm_head.weight')).toBe(name === 'gpt2-untied');
      const model = new Transformer(parseTransformerConfig(loaded.config), toParamStore(loaded.tensors));
      await saveCheckpointDir(tmp, { config: loaded.config, tensors: fromParamStore(model.params) });
      model.dispose();
      const again = await loadCheckpointDir(tmp);
      const model2 = new Transformer(parseTransformerConfig(again.config), toParamStore(again.tensors));
      const ids = tf.tensor2d([expected.tokens], [1, expected.tokens.length], 'int32');
      const { logits, state } = model2.forward(ids);
      const got = (await logits.array())[0];
      tf.dispose([ids, logits]);
      state.dispose();
      model2.dispose();
      let maxDiff = 0;
      for (const [t, row] of expected.logits.entries()) for (const [j, v] of row.entries()) maxDiff = Math.max(maxDiff, Math.abs(v - got[t][j]));
      expect(maxDiff).toBeLessThan(1e-4);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
}
