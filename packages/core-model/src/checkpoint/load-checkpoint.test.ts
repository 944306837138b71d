import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from './checkpoint-error';
import { loadCheckpoint } from './load-checkpoint';
import { serializeSafetensors } from './serialize-safetensors';

const fixture = (p: string) => fileURLToPath(new URL(`../../test/fixtures/${p}`, import.meta.url));
const configText = readFileSync(fixture('gpt2-tiny/config.json'), 'utf8');
const modelBytes = new Uint8Array(readFileSync(fixture('gpt2-tiny/model.safetensors')));
const tokenizer = { version: '1.0', model: { type: 'BPE', vocab: {}, merges: [] } };

function checkTiny(loaded: Awaited<ReturnType<typeof loadCheckpoint>>) {
  expect(loaded.config.n_embd).toBe(32);
  expect(loaded.tensors.size).toBe(28);
  expect(loaded.tensors.get('transformer.wte.weight')!.shape).toEqual([64, 32]);
  expect(loaded.metadata).toEqual({ format: 'pt' });
}

describe('loadCheckpoint', () => {
  it('loads parts in memory (config as object or text, bytes as ArrayBuffer or Uint8Array)', async () => {
    checkTiny(await loadCheckpoint({ config: configText, safetensors: modelBytes.slice().buffer }));
    const loaded = await loadCheckpoint({ config: JSON.parse(configText), safetensors: modelBytes, tokenizerJson: tokenizer });
    checkTiny(loaded);
    expect(loaded.tokenizerJson).toEqual(tokenizer);
  });

  it('loads Files as from <input type=file multiple> (array or single) and names missing ones', async () => {
    const files = [new File([configText], 'config.json'), new File([modelBytes], 'model.safetensors'), new File([JSON.stringify(tokenizer)], 'tokenizer.json')];
    const loaded = await loadCheckpoint(files);
    checkTiny(loaded);
    expect(loaded.tokenizerJson).toEqual(tokenizer);
    expect((await loadCheckpoint([files[0], new File([modelBytes], 'weights.safetensors')])).tokenizerJson).toBeNull();
    await expect(loadCheckpoint(files[1])).rejects.toThrow('config.json: missing among the files given (model.safetensors)');
    await expect(loadCheckpoint([files[0], new File(['{}'], 'model.safetensors.index.json')])).rejects.toThrow('sharded checkpoints are not supported yet');
    await expect(loadCheckpoint([new File(['{'], 'config.json'), files[1]])).rejects.toThrow(/^config\.json: not valid JSON/);
  });

  it('fetches config.json, model.safetensors and an optional tokenizer.json under a base URL', async () => {
    const served: Record<string, BodyInit> = { '/m/config.json': configText, '/m/model.safetensors': modelBytes };
    const requested: string[] = [];
    const fakeFetch = (async (url: string) => {
      requested.push(url);
      const path = new URL(url).pathname;
      return path in served ? new Response(served[path]) : new Response('nope', { status: 404, statusText: 'Not Found' });
    }) as typeof fetch;
    const loaded = await loadCheckpoint('https://example.test/m/', { fetch: fakeFetch });
    checkTiny(loaded);
    expect(loaded.tokenizerJson).toBeNull();
    expect(requested.sort()).toEqual(['https://example.test/m/config.json', 'https://example.test/m/model.safetensors', 'https://example.test/m/tokenizer.json']);
    await expect(loadCheckpoint(new URL('https://example.test/x'), { fetch: fakeFetch })).rejects.toThrow('https://example.test/x/config.json: HTTP 404 Not Found');
    const failing = (async () => {
      throw new TypeError('network down');
    }) as typeof fetch;
    await expect(loadCheckpoint('https://example.test/m', { fetch: failing })).rejects.toThrow('cannot fetch (network down)');
  });

  it('maps un-prefixed gpt2 names and drops mask buffers; checks shapes against config.json', async () => {
    const config = { model_type: 'gpt2', vocab_size: 3, n_positions: 2, n_embd: 2, n_layer: 1, n_head: 1 };
    const original = (await loadCheckpoint({ config: configText, safetensors: modelBytes })).tensors;
    expect(original.size).toBe(28);
    const zeros = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const tensors: [string, ReturnType<typeof zeros>][] = [
      ['wte.weight', zeros([3, 2])],
      ['wpe.weight', zeros([2, 2])],
      ['h.0.attn.bias', zeros([1, 1, 2, 2])],
      ['h.0.attn.masked_bias', zeros([])],
      ...['ln_1', 'ln_2'].flatMap((ln) => [[`h.0.${ln}.weight`, zeros([2])], [`h.0.${ln}.bias`, zeros([2])]] as [string, ReturnType<typeof zeros>][]),
      ['h.0.attn.c_attn.weight', zeros([2, 6])],
      ['h.0.attn.c_attn.bias', zeros([6])],
      ['h.0.attn.c_proj.weight', zeros([2, 2])],
      ['h.0.attn.c_proj.bias', zeros([2])],
      ['h.0.mlp.c_fc.weight', zeros([2, 8])],
      ['h.0.mlp.c_fc.bias', zeros([8])],
      ['h.0.mlp.c_proj.weight', zeros([8, 2])],
      ['h.0.mlp.c_proj.bias', zeros([2])],
      ['ln_f.weight', zeros([2])],
      ['ln_f.bias', zeros([2])],
    ];
    const loaded = await loadCheckpoint({ config, safetensors: serializeSafetensors(tensors) });
    expect([...loaded.tensors.keys()].every((n) => n.startsWith('transformer.'))).toBe(true);
    expect(loaded.tensors.size).toBe(16);
    tensors[0] = ['wte.weight', zeros([2, 3])];
    await expect(loadCheckpoint({ config, safetensors: serializeSafetensors(tensors) })).rejects.toThrow(
      'model.safetensors: does not match config.json: tensor "transformer.wte.weight" has shape [2, 3], expected [3, 2]',
    );
    await expect(loadCheckpoint({ config: { ...config, n_head: 0 }, safetensors: serializeSafetensors(tensors) })).rejects.toThrow('config.json: n_head (0) must be a positive integer');
  });

  it('leaves other model types unmapped and unchecked', async () => {
    const loaded = await loadCheckpoint({ config: { model_type: 'mamba' }, safetensors: serializeSafetensors([['backbone.x', { shape: [1], data: new Float32Array([1]) }]]) });
    expect([...loaded.tensors.keys()]).toEqual(['backbone.x']);
    await expect(loadCheckpoint({ config: [] as unknown as Record<string, unknown>, safetensors: modelBytes })).rejects.toBeInstanceOf(CheckpointError);
  });
});
