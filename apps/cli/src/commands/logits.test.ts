import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { parseTokenList } from './logits';

const FIXTURE = new URL('../../../../packages/core-model/test/fixtures/gpt2-tiny/', import.meta.url).pathname;
const expected = JSON.parse(readFileSync(`${FIXTURE}expected_logits.json`, 'utf8'));

describe('ftheta logits', () => {
  it("prints gpt_ref.py's JSON layout with logits within 1e-4 of the reference", async () => {
    const io = memoryIo();
    const code = await runCli(['logits', '--model', FIXTURE, '--tokens', expected.tokens.join(','), '--prefer', 'wasm'], io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    expect(io.stdout.startsWith('{"tokens":[3, 17, 42, 5, 9, 63, 0, 28, 11, 50, 7, 33],"shape":[12, 64],"dtype":"float32","logits":[[')).toBe(true);
    const out = JSON.parse(io.stdout);
    expect(Object.keys(out)).toEqual(['tokens', 'shape', 'dtype', 'logits']);
    let worst = 0;
    for (const [t, row] of (out.logits as number[][]).entries()) {
      for (const [i, v] of row.entries()) worst = Math.max(worst, Math.abs(v - expected.logits[t][i]));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('--last prints only the last position', async () => {
    const io = memoryIo();
    expect(await runCli(['logits', '--model', FIXTURE, '--tokens', '3, 17,42', '--last'], io)).toBe(0);
    const out = JSON.parse(io.stdout);
    expect(out.shape).toEqual([1, 64]);
    expect(out.tokens).toEqual([3, 17, 42]);
  });

  it('names a missing directory and bad token ids in one line (exit 2)', async () => {
    const missing = memoryIo();
    expect(await runCli(['logits', '--model', '/nonexistent/model', '--tokens', '1'], missing)).toBe(2);
    expect(missing.stderr).toBe('ftheta: error: --model /nonexistent/model: no such directory\n');
    const oov = memoryIo();
    expect(await runCli(['logits', '--model', FIXTURE, '--tokens', '1,64'], oov)).toBe(2);
    expect(oov.stderr).toBe('ftheta: error: --tokens: token id 64 is out of range for vocab_size 64 (0..63)\n');
    const long = memoryIo();
    expect(await runCli(['logits', '--model', FIXTURE, '--tokens', Array(33).fill(1).join(',')], long)).toBe(2);
    expect(long.stderr).toContain("33 tokens exceed the model's context (n_positions 32)");
    expect(() => parseTokenList('1,a')).toThrow('--tokens: "a" is not an integer token id');
    expect(() => parseTokenList(' , ')).toThrow('--tokens must name at least one token');
    expect(() => parseTokenList('-1', 10)).toThrow('token id -1 is out of range');
  });
});
