/**
 * Issue #4's "must show" in headless Chromium: gpt2-tiny's logits equal the PyTorch reference's within
 * 1e-4 on wasm and 1e-3 on webgl, the greedy continuation is the same, and KV-cache decoding equals the
 * full forward pass. The checkpoint is loaded the way a browser app loads one (loadCheckpoint).
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import config from '../../test/fixtures/gpt2-tiny/config.json';
import greedyRef from '../../test/fixtures/gpt2-tiny/expected_greedy.json';
import logitsRef from '../../test/fixtures/gpt2-tiny/expected_logits.json';
import modelUrl from '../../test/fixtures/gpt2-tiny/model.safetensors?url';
import { loadCheckpoint } from '../checkpoint';
import { parseTransformerConfig } from '../config';
import { generate } from '../generate';
import { transformerFromWeights } from './from-weights';
import type { KvCache } from './kv-cache';
import type { Transformer } from './transformer';

let safetensors: ArrayBuffer;

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', wasmPaths: { 'tfjs-backend-wasm.wasm': plain, 'tfjs-backend-wasm-simd.wasm': simd, 'tfjs-backend-wasm-threaded-simd.wasm': threaded } });
  await initBackend({ prefer: 'webgl' });
  safetensors = await (await fetch(modelUrl)).arrayBuffer();
}, 120_000);

async function load(): Promise<Transformer> {
  const checkpoint = await loadCheckpoint({ config, safetensors });
  return transformerFromWeights(parseTransformerConfig(checkpoint.config), checkpoint.tensors);
}

async function maxAbsDiff(t: tf.Tensor, want: number[][]): Promise<number> {
  const got = await t.data();
  const flat = want.flat();
  expect(got.length).toBe(flat.length);
  let m = 0;
  for (let i = 0; i < flat.length; i++) m = Math.max(m, Math.abs(got[i] - flat[i]));
  return m;
}

for (const [backend, tol] of [['wasm', 1e-4], ['webgl', 1e-3]] as const) {
  describe(`gpt2-tiny on ${backend} (Chromium)`, () => {
    it(`logits within ${tol} of the PyTorch reference; greedy continuation equal; no leaks`, async () => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const model = await load();
      const ids = tf.tensor2d([logitsRef.tokens], [1, logitsRef.tokens.length], 'int32');
      const { logits, state } = model.forward(ids);
      expect(await maxAbsDiff(logits, logitsRef.logits)).toBeLessThan(tol);
      tf.dispose([ids, logits]);
      state.dispose();
      const [result] = await generate(model, null, greedyRef.tokens, { temperature: 0, maxNewTokens: greedyRef.generated.length, eosTokenId: [] });
      expect(result.ids).toEqual(greedyRef.generated);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`KV-cache decoding equals the full forward pass within ${tol} at every step`, async () => {
      await tf.setBackend(backend);
      const model = await load();
      const tokens = logitsRef.tokens;
      let state: KvCache | undefined;
      for (let t = 0; t < tokens.length; t++) {
        const step = tf.tensor2d([[tokens[t]]], [1, 1], 'int32');
        const out = model.forward(step, state);
        state?.dispose();
        state = out.state;
        expect(await maxAbsDiff(out.logits, [logitsRef.logits[t]])).toBeLessThan(tol);
        tf.dispose([step, out.logits]);
      }
      state?.dispose();
      model.dispose();
    });
  });
}
