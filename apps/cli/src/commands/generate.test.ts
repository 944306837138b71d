import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import { fromParamStore, initTransformer, parseTransformerConfig } from '@ftheta/core-model';
import { saveCheckpointDir } from '@ftheta/core-model/node';
import { CharTokenizer } from '@ftheta/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { generateOptionsFromFlags } from './generate';

const dir = mkdtempSync(path.join(tmpdir(), 'ftheta-generate-'));
const tok = CharTokenizer.fromText('abcdefghij Wait:\nFnlswr', { specialTokens: ['<|endoftext|>', '<|think|>', '<|/think|>'] });

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
  const model = initTransformer(parseTransformerConfig({ vocab_size: tok.vocabSize, n_positions: 32, n_embd: 16, n_layer: 1, n_head: 2 }), { seed: 4 });
  await saveCheckpointDir(dir, { config: { ...model.config }, tensors: fromParamStore(model.params), tokenizerJson: tok.toJSON() });
  model.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ftheta generate', () => {
  it('maps flags to generate options', () => {
    expect(generateOptionsFromFlags({ model: 'm', prompt: 'p', maxTokens: '5', temperature: '0', stop: ['x'], thinkMin: '3', thinkMax: '9' })).toEqual({
      maxNewTokens: 5,
      temperature: 0,
      stop: ['x'],
      thinking: { end: '<|/think|>', minTokens: 3, maxTokens: 9 },
    });
  });

  it('writes the text to stdout and the finish reason to stderr; same seed, same text', async () => {
    const run = async (extra: string[]) => {
      const io = memoryIo();
      const code = await runCli(['generate', '--model', dir, '--prompt', 'abc', '--max-tokens', '6', '--seed', '3', ...extra], io);
      return { code, ...io };
    };
    const a = await run([]);
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/^finish: (max-tokens|eos) tokens=\d+\n$/);
    const b = await run(['--stream']);
    expect(b.stdout).toBe(a.stdout);
    const c = await run(['--temperature', '0', '--think-min', '2', '--think-max', '4', '--think-start', '<|think|>', '--max-tokens', '20']);
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/thinking=\d+ waits=\d+/);
    expect(c.stdout.startsWith('<|think|>')).toBe(true);
  });

  it('reports bad options as usage errors naming them', async () => {
    const io = memoryIo();
    expect(await runCli(['generate', '--model', dir, '--prompt', 'abc', '--temperature', '-1'], io)).toBe(2);
    expect(io.stderr).toMatch(/option temperature must be .*got -1/);
    const io2 = memoryIo();
    expect(await runCli(['generate', '--model', dir, '--prompt', 'abc', '--top-k', 'many'], io2)).toBe(2);
    expect(io2.stderr).toMatch(/--top-k "many" is not a number/);
  });
});
