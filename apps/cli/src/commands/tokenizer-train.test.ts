import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io';
import { tokenizeCommand } from './tokenize';
import { tokenizerTrainCommand } from './tokenizer-train';

function corpus(): string {
  const words = ['the', 'king', 'queen', 'shall', 'speak', 'thou', 'art', 'noble', 'lord', 'ROMEO:', 'JULIET:'];
  let text = '';
  for (let i = 0; i < 4000; i++) text += `${words[(i * 7) % words.length]}${i % 13 === 0 ? '.\n' : ' '}`;
  return text;
}

describe('ftheta tokenizer train', () => {
  it('writes a tokenizer.json of the asked size that tokenize then uses, round-tripping the text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftheta-train-'));
    const input = join(dir, 'corpus.txt');
    const out = join(dir, 'tokenizer.json');
    writeFileSync(input, corpus());
    const io = memoryIo();
    await tokenizerTrainCommand({ input, vocabSize: '300', out, special: ['<|endoftext|>'], progress: false }, io);
    expect(io.stderr).toMatch(/wrote .*tokenizer.json: 300 tokens, 43 merges/);
    expect(readdirSync(dir).sort()).toEqual(['corpus.txt', 'tokenizer.json']); // no temp file left
    const tok = memoryIo();
    await tokenizeCommand({ tokenizer: out, format: 'json' }, tok, Readable.from(['the noble lord']));
    const parsed = JSON.parse(tok.stdout);
    expect(parsed.vocabSize).toBe(300);
    expect(parsed.tokens.join('')).toBe('the noble lord');
    expect(parsed.count).toBeLessThan(6);
  });

  it('rejects a bad --vocab-size before reading anything, and writes nothing when aborted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftheta-train-'));
    const out = join(dir, 'tokenizer.json');
    await expect(tokenizerTrainCommand({ input: 'x', vocabSize: 'lots', out, progress: false }, memoryIo())).rejects.toThrow(
      /--vocab-size must be a positive integer, got "lots"/,
    );
    const input = join(dir, 'corpus.txt');
    writeFileSync(input, corpus());
    const controller = new AbortController();
    controller.abort();
    await expect(tokenizerTrainCommand({ input, vocabSize: '400', out, progress: false }, memoryIo(), controller.signal)).rejects.toThrow(
      /interrupted; nothing was written/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
