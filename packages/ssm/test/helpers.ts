/** Test helpers: fixtures under test/fixtures/<name>, random scan inputs, and comparisons. */
import { readFileSync } from 'node:fs';
import { parseSafetensors } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { parseMambaConfig, type MambaConfig } from '../src/config';
import { type MambaModel, mambaFromWeights } from '../src/model';
import type { ScanInputs } from '../src/scan';

export const fixturePath = (name: string, file = '') => new URL(`./fixtures/${name}/${file}`, import.meta.url).pathname;

export interface ExpectedLogits {
  tokens: number[];
  shape: [number, number];
  logits: number[][];
}

export function readJson<T>(name: string, file: string): T {
  return JSON.parse(readFileSync(fixturePath(name, file), 'utf8')) as T;
}

export function loadFixtureConfig(name: string): MambaConfig {
  return parseMambaConfig(readJson(name, 'config.json'), `${name}/config.json`);
}

export function loadFixtureModel(name: string): MambaModel {
  const { tensors } = parseSafetensors(readFileSync(fixturePath(name, 'model.safetensors')), `${name}/model.safetensors`);
  return mambaFromWeights(loadFixtureConfig(name), tensors);
}

/** Largest |a - b| over two tensors or nested arrays of the same size. */
export function maxAbsDiff(a: tf.Tensor | number[] | number[][], b: tf.Tensor | number[] | number[][]): number {
  const flat = (x: tf.Tensor | number[] | number[][]) => (x instanceof tf.Tensor ? Array.from(x.dataSync()) : ((x as number[]).flat(2) as number[]));
  const xa = flat(a);
  const xb = flat(b);
  if (xa.length !== xb.length) throw new Error(`maxAbsDiff: ${xa.length} vs ${xb.length} values`);
  let m = 0;
  for (let i = 0; i < xa.length; i++) m = Math.max(m, Math.abs(xa[i] - xb[i]));
  return m;
}

/** ids [1, T] int32. */
export const ids2d = (tokens: number[]) => tf.tensor2d([tokens], [1, tokens.length], 'int32');

/** Scan inputs of a realistic scale: Δ = softplus(N(−1, 1)) > 0, A = −exp(N(0, 0.5)) < 0. */
export function randomScanInputs(b: number, t: number, di: number, n: number, seed: number, withState: boolean): ScanInputs {
  return tf.tidy(() => ({
    x: tf.randomNormal([b, t, di], 0, 1, 'float32', seed) as tf.Tensor3D,
    delta: tf.softplus(tf.randomNormal([b, t, di], -1, 1, 'float32', seed + 1)) as tf.Tensor3D,
    A: tf.neg(tf.exp(tf.randomNormal([di, n], 0, 0.5, 'float32', seed + 2))) as tf.Tensor2D,
    B: tf.randomNormal([b, t, n], 0, 1, 'float32', seed + 3) as tf.Tensor3D,
    C: tf.randomNormal([b, t, n], 0, 1, 'float32', seed + 4) as tf.Tensor3D,
    D: tf.randomNormal([di], 1, 0.1, 'float32', seed + 5) as tf.Tensor1D,
    ...(withState ? { initialState: tf.randomNormal([b, di, n], 0, 1, 'float32', seed + 6) as tf.Tensor3D } : {}),
  }));
}
