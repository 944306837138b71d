import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadTrainingCheckpoint, saveTrainingCheckpoint } from './node-files';
import type { TrainingSnapshot } from './train-options';
import { parseTrainingState, serializeTrainingState } from './training-state';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ftheta-ckpt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function snapshot(step: number, isBest = false): TrainingSnapshot {
  const w = { shape: [2, 2], data: new Float32Array([step, 1.5, -2, 1e-7]) };
  const b = { shape: [2], data: new Float32Array([0.25, step]) };
  return {
    config: { model_type: 'toy', vocab_size: 2 },
    params: new Map([
      ['w.weight', w],
      ['w.bias', b],
    ]),
    state: {
      step,
      optimizer: {
        step,
        m: new Map([['w.weight', { shape: [2, 2], data: new Float32Array([0.1, 0.2, 0.3, step]) }], ['w.bias', { shape: [2], data: new Float32Array([1, 2]) }]]),
        v: new Map([['w.weight', { shape: [2, 2], data: new Float32Array([1e-9, 2, 3, 4]) }], ['w.bias', { shape: [2], data: new Float32Array([3, 4]) }]]),
      },
      train: { kind: 'random-windows', rng: 12345, step },
      val: null,
      rng: 4294967295,
      bestValLoss: isBest ? 1.25 : null,
    },
    isBest,
  };
}

it('saves last/ (and best/) and loads the same numbers back', async () => {
  const d = path.join(dir, 'a');
  await saveTrainingCheckpoint(d, snapshot(3, true));
  expect((await readdir(d)).sort()).toEqual(['best', 'last']);
  expect((await readdir(path.join(d, 'last'))).sort()).toEqual(['config.json', 'model.safetensors', 'optimizer.safetensors', 'trainer_state.json']);
  await saveTrainingCheckpoint(d, snapshot(5));
  const last = await loadTrainingCheckpoint(d);
  const want = snapshot(5);
  expect(last.config).toEqual(want.config);
  expect(last.params.get('w.weight')).toEqual(want.params.get('w.weight'));
  expect(last.state).toEqual(want.state);
  const best = await loadTrainingCheckpoint(d, 'best');
  expect(best.state.step).toBe(3);
  expect(best.state.bestValLoss).toBe(1.25);
  expect((await readdir(d)).sort()).toEqual(['best', 'last']); // no temp or old directories left
});

it('a failed save keeps the previous checkpoint and leaves no temp directory', async () => {
  const d = path.join(dir, 'b');
  await saveTrainingCheckpoint(d, snapshot(2));
  const bad = snapshot(4);
  bad.params.set('w.bias', { shape: [3], data: new Float32Array(2) });
  await expect(saveTrainingCheckpoint(d, bad)).rejects.toThrow(/cannot write .*last.*previous checkpoint is kept/);
  expect(await readdir(d)).toEqual(['last']);
  expect((await loadTrainingCheckpoint(d)).state.step).toBe(2);
});

it('reads the previous directory when a save died between its two renames', async () => {
  const d = path.join(dir, 'c');
  await saveTrainingCheckpoint(d, snapshot(7));
  await rename(path.join(d, 'last'), path.join(d, '.last.old-1-abcd'));
  expect((await loadTrainingCheckpoint(d)).state.step).toBe(7);
  await expect(loadTrainingCheckpoint(path.join(dir, 'none'))).rejects.toThrow(/none.last does not exist/);
});

it('trainer_state.json errors name the field', async () => {
  const { json, optimizer } = serializeTrainingState(snapshot(1).state);
  const o = JSON.parse(json);
  expect(() => parseTrainingState(JSON.stringify({ ...o, step: -1 }), optimizer)).toThrow(/step must be an integer ≥ 0, got -1/);
  expect(() => parseTrainingState(JSON.stringify({ ...o, format: 'x' }), optimizer)).toThrow(/format must be/);
  expect(() => parseTrainingState(JSON.stringify({ ...o, train: 3 }), optimizer)).toThrow(/train must be a batch source state/);
  expect(JSON.parse(await readFile(path.join(dir, 'c', '.last.old-1-abcd', 'trainer_state.json'), 'utf8')).format).toBe('ftheta-trainer-state/1');
});
