import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { tokenizeCommand } from './tokenize';

const TEXT = "Hello world, DON'T stop 😀 — 東京 123456\r\n";

describe('ftheta tokenize', () => {
  it('gives js-tiktoken\'s ids for cl100k_base and o200k_base', async () => {
    for (const name of ['cl100k_base', 'o200k_base'] as const) {
      const io = memoryIo();
      await tokenizeCommand({ tokenizer: name, format: 'ids' }, io, Readable.from([TEXT]));
      expect(JSON.parse(io.stdout)).toEqual(getEncoding(name).encode(TEXT));
    }
  });

  it('reads --input files and prints json and count formats', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ftheta-tokenize-'));
    const file = join(dir, 'in.txt');
    writeFileSync(file, TEXT);
    const json = memoryIo();
    await tokenizeCommand({ tokenizer: 'r50k_base', input: file, format: 'json' }, json);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.ids).toEqual(getEncoding('r50k_base').encode(TEXT));
    expect(parsed.tokens[0]).toBe('Hello');
    expect(parsed.count).toBe(parsed.ids.length);
    const count = memoryIo();
    await tokenizeCommand({ tokenizer: 'r50k_base', input: file, format: 'count' }, count);
    expect(count.stdout.trim()).toBe(String(parsed.count));
  });

  it('refuses special-token text unless --allow-special, and names bad tokenizers and files', async () => {
    const io = memoryIo();
    expect(await runCli(['tokenize', '--tokenizer', 'cl100k_base', '--input', '/nonexistent/file.txt'], io)).toBe(2);
    expect(io.stderr).toMatch(/--input \/nonexistent\/file.txt: no such file/);
    const bad = memoryIo();
    expect(await runCli(['tokenize', '--tokenizer', 'cl200k'], bad)).toBe(2);
    expect(bad.stderr).toMatch(/--tokenizer cl200k: not a known encoding \(.*cl100k_base.*\)/);
    await expect(tokenizeCommand({ tokenizer: 'cl100k_base', format: 'ids' }, memoryIo(), Readable.from(['a <|endoftext|>']))).rejects.toThrow(/--allow-special/);
    const ok = memoryIo();
    await tokenizeCommand({ tokenizer: 'cl100k_base', format: 'ids', allowSpecial: true }, ok, Readable.from(['a <|endoftext|>']));
    expect(JSON.parse(ok.stdout)).toEqual([64, 220, 100257]);
  });
});
