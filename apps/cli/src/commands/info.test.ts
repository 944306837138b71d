import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { memoryIo } from '../io';

const FIXTURE = new URL('../../../../packages/core-model/test/fixtures/gpt2-tiny/', import.meta.url).pathname;

describe('ftheta info', () => {
  it('summarises the config, parameter count and label, and file size', async () => {
    const io = memoryIo();
    expect(await runCli(['info', '--model', FIXTURE], io)).toBe(0);
    expect(io.stdout).toMatch(/^parameters +28,544 \(28\.5K\)$/m);
    expect(io.stdout).toMatch(/^n_head +4 \(head size 8\)$/m);
    expect(io.stdout).toMatch(/^mlp +gelu_new, hidden 128$/m);
    expect(io.stdout).toMatch(/^file +model\.safetensors 116,776 bytes \(114\.0 KiB\), 28 tensors, F32$/m);
    const json = memoryIo();
    expect(await runCli(['info', '--model', FIXTURE, '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ parameters: 28544, parametersLabel: '28.5K', fileBytes: 116776 });
  });

  it('reports a missing directory and a broken checkpoint in one line', async () => {
    const io = memoryIo();
    expect(await runCli(['info', '--model', '/nonexistent/model'], io)).toBe(2);
    expect(io.stderr).toBe('ftheta: error: --model /nonexistent/model: no such directory\n');
    const dir = mkdtempSync(join(tmpdir(), 'ftheta-info-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt2', n_embd: 30, n_head: 4 }));
    writeFileSync(join(dir, 'model.safetensors'), new Uint8Array(16));
    const bad = memoryIo();
    expect(await runCli(['info', '--model', dir], bad)).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^ftheta: error: /);
  });
});
