/** MambaModel's contract: flat decode cost, state handling, errors, init, gradients through the model. */
import { initBackend } from '@ftheta/backend';
import { ParamStore } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ids2d, loadFixtureConfig, loadFixtureModel, maxAbsDiff } from '../../test/helpers';
import { countMambaParameters, mambaParameterShapes, parseMambaConfig } from '../config';
import { initMamba } from './init-mamba';
import { MambaModel } from './mamba-model';
import type { MambaState } from './mamba-state';

const tokensOf = (n: number) => Array.from({ length: n }, (_, i) => (i * 7 + 3) % 64);

describe('MambaModel', () => {
  let before = 0;
  beforeEach(async () => {
    await initBackend({ prefer: 'wasm' });
    before = tf.memory().numTensors;
  });
  afterEach(() => expect(tf.memory().numTensors).toBe(before));

  it('decode cost is flat: the same kernels and tensors per token at context 8 and 256', async () => {
    const model = loadFixtureModel('mamba-tiny');
    const stepAt = async (context: number) => {
      const prompt = ids2d(tokensOf(context));
      const { logits, state } = model.forward(prompt);
      tf.dispose([prompt, logits]);
      const next = ids2d([5]);
      let out: { logits: tf.Tensor; state: MambaState } | undefined;
      const info = await tf.profile(() => {
        out = model.forward(next, state);
        return [];
      });
      expect(out!.state.length).toBe(context + 1);
      const shapes = out!.state.layers.map((l) => [l.conv.shape, l.ssm.shape]);
      tf.dispose([next, out!.logits]);
      out!.state.dispose();
      state.dispose();
      return { kernels: info.kernels.length, newTensors: info.newTensors, peak: info.peakBytes, shapes };
    };
    const short = await stepAt(8);
    const long = await stepAt(256);
    console.log(`decode step: ${short.kernels} kernels at context 8, ${long.kernels} at 256; peak ${short.peak} vs ${long.peak} bytes`);
    expect(long.kernels).toBe(short.kernels);
    expect(long.newTensors).toBe(short.newTensors);
    expect(long.peak).toBe(short.peak);
    expect(long.shapes).toEqual(short.shapes);
    model.dispose();
  });

  it('maxContext is null; emptyState equals no state; a disposed or mismatched state is refused', () => {
    const model = loadFixtureModel('mamba-tiny');
    expect(model.maxContext).toBeNull();
    const ids = ids2d([3, 17, 42]);
    const a = model.forward(ids);
    const empty = model.emptyState(1);
    const b = model.forward(ids, empty);
    expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-6);
    expect(b.state.length).toBe(3);
    empty.dispose();
    expect(() => model.forward(ids, empty)).toThrow(/state was disposed/);
    const two = tf.tensor2d([[1], [2]], [2, 1], 'int32');
    expect(() => model.forward(two, a.state)).toThrow(/batch 2 differs from the state's 1/);
    const floats = tf.tensor2d([[1.5]], [1, 1]);
    expect(() => model.forward(floats)).toThrow(/int32/);
    floats.dispose();
    expect(() => model.forward(ids, undefined, { scan: { chunkSize: 0 } })).toThrow(/chunkSize/);
    tf.dispose([ids, two, a.logits, b.logits]);
    a.state.dispose();
    b.state.dispose();
    model.dispose();
  });

  it('batches: two rows give each row its own result', () => {
    const model = loadFixtureModel('mamba-untied');
    const rows = [
      [1, 2, 3, 4, 5, 6, 7],
      [9, 8, 7, 6, 5, 4, 3],
    ];
    const both = tf.tensor2d(rows, [2, 7], 'int32');
    const out = model.forward(both, undefined, { scan: { chunkSize: 3 } });
    for (let r = 0; r < 2; r++) {
      const one = ids2d(rows[r]);
      const single = model.forward(one);
      const row = tf.slice(out.logits, [r, 0, 0], [1, -1, -1]);
      expect(maxAbsDiff(row, single.logits)).toBeLessThan(1e-5);
      tf.dispose([one, single.logits, row]);
      single.state.dispose();
    }
    tf.dispose([both, out.logits]);
    out.state.dispose();
    model.dispose();
  });

  it('gradients of the loss w.r.t. every parameter agree between the chunked and the sequential scan', () => {
    const model = loadFixtureModel('mamba-untied');
    const ids = tf.tensor2d([[4, 49, 0, 17, 23, 8, 8, 31, 2, 45, 12]], [1, 11], 'int32');
    const vars = model.params.names.map((n) => model.params.get(n));
    const lossWith = (mode: 'chunked' | 'sequential') => () => {
      const { logits, state } = model.forward(ids, undefined, { scan: { mode, chunkSize: 4 } });
      state.dispose();
      return tf.mean(tf.square(logits)) as tf.Scalar;
    };
    const a = tf.variableGrads(lossWith('chunked'), vars);
    const b = tf.variableGrads(lossWith('sequential'), vars);
    let worst = 0;
    for (const v of vars) worst = Math.max(worst, maxAbsDiff(a.grads[v.name], b.grads[v.name]));
    console.log(`model gradients, chunked vs sequential: max |Δ| = ${worst.toExponential(2)} over ${vars.length} parameters`);
    expect(worst).toBeLessThan(1e-6);
    expect(Math.abs(a.value.dataSync()[0] - b.value.dataSync()[0])).toBeLessThan(1e-7);
    tf.dispose([ids, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    model.dispose();
  });

  it('trains: 30 Adam steps through the default scan lower the loss on a repeated sequence', () => {
    const config = parseMambaConfig({ hidden_size: 16, num_hidden_layers: 2, vocab_size: 12, state_size: 4 });
    const model = initMamba(config, { seed: 3 });
    const seq = Array.from({ length: 25 }, (_, i) => (i * 5) % 12);
    const input = tf.tensor2d([seq.slice(0, -1)], [1, 24], 'int32');
    const target = tf.tensor1d(seq.slice(1), 'int32');
    const vars = model.params.names.map((n) => model.params.get(n));
    const optimizer = tf.train.adam(0.02);
    const loss = () =>
      tf.tidy(() => {
        const { logits, state } = model.forward(input, undefined, { scan: { mode: 'chunked', chunkSize: 8 } });
        state.dispose();
        return tf.losses.softmaxCrossEntropy(tf.oneHot(target, 12), tf.reshape(logits, [24, 12])) as tf.Scalar;
      });
    const first = loss();
    const start = first.dataSync()[0];
    first.dispose();
    for (let i = 0; i < 30; i++) optimizer.minimize(loss, true, vars)?.dispose();
    const last = loss();
    const end = last.dataSync()[0];
    console.log(`training: loss ${start.toFixed(3)} -> ${end.toFixed(3)} after 30 Adam steps`);
    expect(end).toBeLessThan(start * 0.5);
    tf.dispose([last, input, target]);
    optimizer.dispose();
    model.dispose();
  });

  it('initMamba: HF init, deterministic for a seed, and a working model', () => {
    const config = parseMambaConfig({ hidden_size: 32, num_hidden_layers: 4, vocab_size: 40, state_size: 8 });
    const m1 = initMamba(config, { seed: 7 });
    const m2 = initMamba(config, { seed: 7 });
    const m3 = initMamba(config, { seed: 8 });
    expect(m1.params.names).toEqual(mambaParameterShapes(config).map((s) => s.name));
    expect(m1.params.count()).toBe(countMambaParameters(config));
    const emb = (m: MambaModel) => m.params.get('backbone.embeddings.weight');
    expect(maxAbsDiff(emb(m1), emb(m2))).toBe(0);
    expect(maxAbsDiff(emb(m1), emb(m3))).toBeGreaterThan(0);
    const v = (name: string) => Array.from(m1.params.get(name).dataSync());
    const aLog = v('backbone.layers.0.mixer.A_log');
    expect(aLog.slice(0, 8).map((x) => Math.round(Math.exp(x)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(v('backbone.layers.1.mixer.D').every((x) => x === 1)).toBe(true);
    const softplus = (x: number) => Math.log1p(Math.exp(x));
    const dts = v('backbone.layers.2.mixer.dt_proj.bias').map(softplus);
    expect(Math.min(...dts)).toBeGreaterThanOrEqual(0.001 * 0.999);
    expect(Math.max(...dts)).toBeLessThanOrEqual(0.1 * 1.001);
    const out = v('backbone.layers.0.mixer.out_proj.weight');
    expect(Math.max(...out.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(64) / 2 + 1e-7); // U(±1/√d_inner)/√n_layer
    const conv = v('backbone.layers.0.mixer.conv1d.weight');
    expect(Math.max(...conv.map(Math.abs))).toBeLessThanOrEqual(0.5 + 1e-7);
    const std = Math.sqrt(v('backbone.embeddings.weight').reduce((s, x) => s + x * x, 0) / (40 * 32));
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.025);
    const ids = ids2d([1, 2, 3]);
    const { logits, state } = m1.forward(ids);
    expect(logits.shape).toEqual([1, 3, 40]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([ids, logits]);
    state.dispose();
    for (const m of [m1, m2, m3]) m.dispose();
    expect(() => initMamba(config, { seed: 1.5 })).toThrow(/seed/);
  });

  it('the constructor names a missing, misshapen or unexpected parameter', () => {
    const config = loadFixtureConfig('mamba-tiny');
    const cases: [(s: ParamStore) => void, RegExp][] = [
      [(s) => s.set('extra.weight', tf.zeros([1])), /unexpected parameter "extra.weight"/],
      [(s) => s.dispose(), /parameter "backbone.embeddings.weight" \[64,32\] is missing/],
      [() => undefined, /^$/],
    ];
    for (const [edit, re] of cases) {
      const store = new ParamStore(mambaParameterShapes(config).map(({ name, shape }) => [name, tf.zeros(shape)] as [string, tf.Tensor]));
      edit(store);
      if (re.source === '^$') expect(() => new MambaModel(config, store)).not.toThrow();
      else expect(() => new MambaModel(config, store)).toThrow(re);
      store.dispose();
    }
    const wrong = new ParamStore(
      mambaParameterShapes(config).map(({ name, shape }) => [name, tf.zeros(name.endsWith('layers.1.mixer.A_log') ? [shape[0], shape[1] + 1] : shape)] as [string, tf.Tensor]),
    );
    expect(() => new MambaModel(config, wrong)).toThrow(/"backbone.layers.1.mixer.A_log" has shape \[64,9\], expected \[64,8\]/);
    wrong.dispose();
  });
  it('stepPenalty: a training forward returns penalty × mean Δ as auxLoss; inference and a zero penalty return none', () => {
    const config = parseMambaConfig({ hidden_size: 16, num_hidden_layers: 2, vocab_size: 32, state_size: 4, expand: 2 });
    const model = initMamba(config, { seed: 3, stepPenalty: 0.5 });
    // With dt_proj ignoring its input, Δ = softplus(bias) at every token: layer 0 all 0.3, layer 1 all −1.
    const set = (name: string, value: tf.Tensor) => {
      model.params.get(name).assign(value);
      value.dispose();
    };
    const dt = (l: number) => `backbone.layers.${l}.mixer.dt_proj`;
    for (const l of [0, 1]) set(`${dt(l)}.weight`, tf.zerosLike(model.params.get(`${dt(l)}.weight`)));
    set(`${dt(0)}.bias`, tf.fill(model.params.get(`${dt(0)}.bias`).shape, 0.3));
    set(`${dt(1)}.bias`, tf.fill(model.params.get(`${dt(1)}.bias`).shape, -1));
    const softplus = (x: number) => Math.log1p(Math.exp(x));
    const ids = ids2d([1, 2, 3, 4, 5, 6]);
    const run = () => {
      const out = model.forward(ids);
      const aux = out.auxLoss?.dataSync()[0];
      tf.dispose([out.logits, ...(out.auxLoss ? [out.auxLoss] : [])]);
      out.state.dispose();
      return aux;
    };
    expect(run()).toBeUndefined(); // inference mode
    model.setTrainingStep(0);
    expect(run()).toBeCloseTo((0.5 * (softplus(0.3) + softplus(-1))) / 2, 6);
    model.stepPenalty = 2;
    expect(run()).toBeCloseTo((2 * (softplus(0.3) + softplus(-1))) / 2, 6);
    model.stepPenalty = 0;
    expect(run()).toBeUndefined();
    model.setTrainingStep(null);
    expect(() => {
      model.stepPenalty = -1;
    }).toThrow(/stepPenalty must be a finite number ≥ 0, got -1/);
    expect(() => initMamba(config, { stepPenalty: Number.NaN })).toThrow(/stepPenalty must be a finite number ≥ 0, got NaN/);
    expect(() => model.setTrainingStep(-2)).toThrow(/index must be an integer ≥ 0 or null, got -2/);
    ids.dispose();
    model.dispose();
  });
});
