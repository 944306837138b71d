import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { runSsmBench } from './run-ssm-bench';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

it('quick run: both architectures trained, decoded at every context and scored on both tasks, without leaks', async () => {
  const lines: string[] = [];
  const start = tf.memory().numTensors;
  const r = await runSsmBench({ quick: true, progress: (m) => lines.push(m) });
  const s = r.summary as Record<string, any>;
  expect(Object.keys(s)).toEqual(['direction', 'trainTokensPerSec', 'decodeGrowth', 'inductionHeads', 'selectiveCopying']);
  expect(s.trainTokensPerSec.transformer).toBeGreaterThan(0);
  expect(s.trainTokensPerSec.mamba).toBeGreaterThan(0);
  expect(s.decodeGrowth.mamba).toBeGreaterThan(0);
  const decode = r.decode as Record<string, { context: number; msPerToken: number }[]>;
  expect(decode.mamba!.map((p) => p.context)).toEqual([16, 64]);
  expect(decode.transformer!.map((p) => p.context)).toEqual([16, 64]);
  for (const arch of ['mamba', 'transformer']) {
    const acc = s.inductionHeads[arch];
    expect(Object.keys(acc)).toEqual(['16', '64']);
    for (const v of Object.values(acc as Record<string, number>)) expect(v).toBeGreaterThanOrEqual(0);
    expect(s.selectiveCopying[arch]).toBeGreaterThanOrEqual(0);
  }
  expect(tf.memory().numTensors).toBe(start);
  expect(lines.some((l) => l.startsWith('induction heads: mamba'))).toBe(true);
}, 300_000);
