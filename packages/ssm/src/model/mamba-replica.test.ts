/** mambaReplica: a plain MambaModel rebuilt from a JSON-cloned config and host arrays computes the same logits. */
import { initBackend } from '@ftheta/backend';
import type { HostTensor } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { parseMambaConfig } from '../config';
import { initMamba } from './init-mamba';
import { MambaModel } from './mamba-model';
import { mambaReplica } from './mamba-replica';

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', onWarning: () => {} });
});

it('rebuilds the same model from config + parameters (names checked), leaking nothing', () => {
  const before = tf.memory().numTensors;
  const model = initMamba(parseMambaConfig({ vocab_size: 12, hidden_size: 8, num_hidden_layers: 2, state_size: 4 }), { seed: 2 });
  const params = new Map<string, HostTensor>([...model.params.entries()].map(([n, v]) => [n, { shape: v.shape, data: v.dataSync() as Float32Array }]));
  const replica = mambaReplica(JSON.parse(JSON.stringify(model.config)), params);
  expect(replica).toBeInstanceOf(MambaModel);
  expect(replica.constructor).toBe(MambaModel);
  expect(replica.config).toEqual(model.config);
  const ids = tf.tensor2d([[1, 5, 7, 11, 0, 3]], [1, 6], 'int32');
  const a = model.forward(ids);
  const b = replica.forward(ids);
  expect(Array.from(b.logits.dataSync())).toEqual(Array.from(a.logits.dataSync()));
  tf.dispose([ids, a.logits, b.logits]);
  a.state.dispose();
  b.state.dispose();
  params.delete('backbone.norm_f.weight');
  expect(() => mambaReplica(model.config as unknown as Record<string, unknown>, params)).toThrow(/data-parallel replica parameters: tensor "backbone\.norm_f\.weight" \[8\] is missing/);
  model.dispose();
  replica.dispose();
  expect(tf.memory().numTensors).toBe(before);
});
