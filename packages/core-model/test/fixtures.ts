/** Test helpers: load test/fixtures/<name> (config + weights + the reference's expected outputs). */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { parseTransformerConfig, type TransformerConfig } from '../src/config';
import { type Transformer, type TransformerOptions, transformerFromWeights } from '../src/transformer';
import { parseSafetensors } from '../src/checkpoint';

export const fixturePath = (name: string, file = '') => new URL(`./fixtures/${name}/${file}`, import.meta.url).pathname;

export interface ExpectedLogits {
  tokens: number[];
  shape: [number, number];
  logits: number[][];
}

export function loadFixtureConfig(name: string): TransformerConfig {
  return parseTransformerConfig(JSON.parse(readFileSync(fixturePath(name, 'config.json'), 'utf8')));
}

export function loadFixtureModel(name: string, options: TransformerOptions = {}): Transformer {
  const { tensors } = parseSafetensors(readFileSync(fixturePath(name, 'model.safetensors')), `${name}/model.safetensors`);
  return transformerFromWeights(loadFixtureConfig(name), tensors, options);
}

export function readJson<T>(name: string, file: string): T {
  return JSON.parse(readFileSync(fixturePath(name, file), 'utf8')) as T;
}

/** Largest |a - b| over two tensors or nested arrays of the same shape. */
export function maxAbsDiff(a: tf.Tensor | number[] | number[][], b: tf.Tensor | number[] | number[][]): number {
  const flat = (x: tf.Tensor | number[] | number[][]) => (x instanceof tf.Tensor ? Array.from(x.dataSync()) : (x as number[]).flat(2) as number[]);
  const xa = flat(a);
  const xb = flat(b);
  if (xa.length !== xb.length) throw new Error(`maxAbsDiff: ${xa.length} vs ${xb.length} values`);
  let m = 0;
  for (let i = 0; i < xa.length; i++) m = Math.max(m, Math.abs(xa[i] - xb[i]));
  return m;
}

/** ids [1, T] int32. */
export const ids2d = (tokens: number[]) => tf.tensor2d([tokens], [1, tokens.length], 'int32');
