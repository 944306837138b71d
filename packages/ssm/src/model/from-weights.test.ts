/** Loading: every tensor name and shape checked with errors naming it; HF's tied lm_head and legacy names accepted. */
import { readFileSync } from 'node:fs';
import { initBackend } from '@ftheta/backend';
import { type HostTensor, loadCheckpoint, parseSafetensors } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturePath, ids2d, loadFixtureConfig, maxAbsDiff } from '../../test/helpers';
import { loadMambaDir } from '../node';
import { mambaFromCheckpoint } from './from-checkpoint';
import { mambaFromWeights } from './from-weights';

const tensorsOf = (name: string) => parseSafetensors(readFileSync(fixturePath(name, 'model.safetensors')), 'model.safetensors').tensors as Map<string, HostTensor>;

describe('mambaFromWeights', () => {
  let before = 0;
  beforeEach(async () => {
    await initBackend({ prefer: 'cpu' });
    before = tf.memory().numTensors;
  });
  afterEach(() => expect(tf.memory().numTensors).toBe(before));

  it('names a missing, misshapen or unexpected tensor', () => {
    const config = loadFixtureConfig('mamba-tiny');
    const edits: [(m: Map<string, HostTensor>) => void, RegExp][] = [
      [(m) => m.delete('backbone.layers.1.mixer.dt_proj.bias'), /model\.safetensors: tensor "backbone\.layers\.1\.mixer\.dt_proj\.bias" \[64\] is missing/],
      [(m) => m.set('backbone.layers.0.mixer.conv1d.weight', { shape: [64, 4], data: new Float32Array(256) }), /tensor "backbone\.layers\.0\.mixer\.conv1d\.weight" has shape \[64, 4\], expected \[64, 1, 4\]/],
      [(m) => m.set('backbone.layers.2.norm.weight', { shape: [32], data: new Float32Array(32) }), /unexpected tensor "backbone\.layers\.2\.norm\.weight"/],
    ];
    for (const [edit, re] of edits) {
      const m = tensorsOf('mamba-tiny');
      edit(m);
      expect(() => mambaFromWeights(config, m)).toThrow(re);
    }
    const untied = { ...config, tie_word_embeddings: false };
    expect(() => mambaFromWeights(untied, tensorsOf('mamba-tiny'))).toThrow(/tensor "lm_head\.weight" \[64, 32\] is missing/);
  });

  it("accepts HF's lm_head.weight equal to the embeddings, the legacy backbone.embedding name, and unties a different head", () => {
    const config = loadFixtureConfig('mamba-tiny');
    const plain = mambaFromWeights(config, tensorsOf('mamba-tiny'));
    const withHead = tensorsOf('mamba-tiny');
    const emb = withHead.get('backbone.embeddings.weight')!;
    withHead.set('lm_head.weight', { shape: emb.shape, data: emb.data.slice() });
    withHead.delete('backbone.embeddings.weight');
    withHead.set('backbone.embedding.weight', emb);
    const tied = mambaFromWeights(config, withHead);
    expect(tied.config.tie_word_embeddings).toBe(true);
    expect(tied.params.has('lm_head.weight')).toBe(false);
    const other = tensorsOf('mamba-tiny');
    other.set('lm_head.weight', { shape: emb.shape, data: emb.data.map((x) => x * 2) });
    const untied = mambaFromWeights(config, other);
    expect(untied.config.tie_word_embeddings).toBe(false);
    const ids = ids2d([1, 2, 3]);
    const a = plain.forward(ids);
    const b = tied.forward(ids);
    const c = untied.forward(ids);
    expect(maxAbsDiff(a.logits, b.logits)).toBe(0);
    const doubled = tf.mul(a.logits, 2);
    expect(maxAbsDiff(doubled, c.logits)).toBeLessThan(1e-6);
    doubled.dispose();
    for (const r of [a, b, c]) {
      r.logits.dispose();
      r.state.dispose();
    }
    ids.dispose();
    for (const m of [plain, tied, untied]) m.dispose();
  });

  it('loads from a directory (./node) and from in-memory parts (loadCheckpoint)', async () => {
    const fromDir = await loadMambaDir(fixturePath('mamba-untied'));
    const parts = await loadCheckpoint({ config: readFileSync(fixturePath('mamba-untied', 'config.json'), 'utf8'), safetensors: readFileSync(fixturePath('mamba-untied', 'model.safetensors')) });
    const fromParts = mambaFromCheckpoint(parts);
    expect(fromDir.config.tie_word_embeddings).toBe(false);
    expect(fromDir.params.names).toEqual(fromParts.params.names);
    fromDir.dispose();
    fromParts.dispose();
    await expect(loadMambaDir(fixturePath('nope'))).rejects.toThrow(/nope/);
  });
});
