/** `ftheta logits` and `ftheta info` on Mamba checkpoints, and the error for an unknown model_type. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ftheta/backend';
import { CharTokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';

const MAMBA = new URL('../../../../packages/ssm/test/fixtures/mamba-tiny/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${MAMBA}expected_logits.json`, 'utf8'));

beforeAll(async () => {
  await initBackend({ prefer: 'cpu', onWarning: () => {} });
});

describe('ftheta logits / info on a Mamba checkpoint', () => {
  it("equals mamba_ref.py's logits of the mamba-tiny fixture within 1e-4, leaking no tensor", async () => {
    const before = tf.memory().numTensors;
    const io = memoryIo();
    const code = await runCli(['logits', '--model', MAMBA, '--tokens', expected.tokens.join(','), '--prefer', 'cpu'], io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout);
    expect(out.shape).toEqual([12, 64]);
    let worst = 0;
    for (const [t, row] of (out.logits as number[][]).entries()) {
      for (const [i, v] of row.entries()) worst = Math.max(worst, Math.abs(v - expected.logits[t][i]));
    }
    expect(worst).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('info shows the Mamba config and parameter count', async () => {
    const io = memoryIo();
    expect(await runCli(['info', '--model', MAMBA], io)).toBe(0);
    expect(io.stdout).toMatch(/^architecture +mamba selective state space model/m);
    expect(io.stdout).toMatch(/^hidden_size +32$/m);
    expect(io.stdout).toMatch(/^num_hidden_layers +2$/m);
    expect(io.stdout).toMatch(/^intermediate_size +64 \(expand 2\)$/m);
    expect(io.stdout).toMatch(/^state_size +8$/m);
    expect(io.stdout).toMatch(/^head +tied to embeddings$/m);
    expect(io.stdout).not.toMatch(/n_head/);
    const json = memoryIo();
    expect(await runCli(['info', '--model', MAMBA, '--json'], json)).toBe(0);
    const info = JSON.parse(json.stdout);
    // embeddings 64·32 + 2 × (norm 32 + in_proj 128·32 + conv 64·4 + 64 + x_proj 18·64 + dt_proj 64·2 + 64 + A_log 64·8 + D 64 + out_proj 32·64) + norm_f 32
    const perLayer = 32 + 128 * 32 + 64 * 4 + 64 + 18 * 64 + 64 * 2 + 64 + 64 * 8 + 64 + 32 * 64;
    expect(info).toMatchObject({ modelType: 'mamba', parameters: 64 * 32 + 2 * perLayer + 32 });
    expect(info.headSize).toBeUndefined();
  });

  it('names config.json and the value of an unknown model_type (logits, generate, info, train --from)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftheta-unknown-type-'));
    const config = JSON.parse(readFileSync(`${MAMBA}config.json`, 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, model_type: 'rwkv' }));
    writeFileSync(join(dir, 'model.safetensors'), readFileSync(`${MAMBA}model.safetensors`));
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(CharTokenizer.fromText('abc').toJSON()));
    const message = `${join(dir, 'config.json')}: unknown model_type "rwkv" (expected one of "gpt2", "mamba")`;
    for (const args of [
      ['logits', '--model', dir, '--tokens', '1,2'],
      ['generate', '--model', dir, '--prompt', 'a'],
      ['info', '--model', dir],
    ]) {
      const io = memoryIo();
      expect(await runCli(args, io), args[0]).toBe(1);
      expect(io.stderr).toBe(`ftheta: error: ${message}\n`);
    }
    const data = join(dir, 'data.txt');
    writeFileSync(data, 'abc'.repeat(100));
    const io = memoryIo();
    expect(await runCli(['train', '--from', dir, '--data', data, '--out', join(dir, 'out')], io)).toBe(1);
    expect(io.stderr).toContain(message);
  });
});
