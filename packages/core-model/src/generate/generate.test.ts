import { initBackend } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GenerateEvent, TokenEvent } from './events';
import { generate, generateStream } from './generate';
import { GenerateOptionError } from './option-error';
import { EOS, LookupModel, prefer, scriptedModel, testTokenizer } from './testing/lookup-model';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm' });
});

const tok = testTokenizer();
const V = tok.vocabSize;
const eos = tok.specialTokens.get(EOS)!;

/** A model whose next token is a fixed distribution (logits) whatever came before. */
const constantModel = (logits: number[]) => new LookupModel(V, () => Float32Array.from({ length: V }, (_, i) => logits[i] ?? -1e9));

describe('generate (fake model)', () => {
  it('greedy: prefills in one call, then one token per call, stops on the end token, frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const model = scriptedModel(tok, 'hello world');
    const [r] = await generate(model, tok, 'say: ', { temperature: 0 });
    expect(r.text).toBe('hello world');
    expect(r.finishReason).toBe('eos');
    expect(r.ids.at(-1)).toBe(eos);
    expect(r.ids.length).toBe(12);
    expect(model.calls[0]).toEqual([1, 5]); // the whole prompt in one call
    expect(model.calls.slice(1).every(([b, t]) => b === 1 && t === 1)).toBe(true);
    expect(model.calls.length).toBe(12); // prefill + one per token but the last
    expect(tf.memory().numTensors).toBe(before);
  });

  it('max tokens, maxNewTokens 0, and the context limit', async () => {
    const model = scriptedModel(tok, 'hello world', 8);
    const [a] = await generate(model, tok, 'x', { temperature: 0, maxNewTokens: 3 });
    expect([a.text, a.finishReason]).toEqual(['hel', 'max-tokens']);
    const [b] = await generate(model, tok, 'x', { temperature: 0, maxNewTokens: 0 });
    expect([b.ids, b.text, b.finishReason]).toEqual([[], '', 'max-tokens']);
    const [c] = await generate(model, tok, 'xyz', { temperature: 0 });
    expect([c.text, c.finishReason]).toEqual(['hello', 'context-limit']); // 3 + 5 = 8 tokens
    await expect(generate(model, tok, 'abcdefghi', {})).rejects.toThrow(/option prompt must be at most the model's context of 8 tokens, got "9 tokens"/);
  });

  it('keeps going past the context when the model slides its window', async () => {
    const { initTransformer, parseTransformerConfig } = await import('../index');
    const config = parseTransformerConfig({ model_type: 'gpt2', vocab_size: 16, n_positions: 8, n_embd: 16, n_layer: 1, n_head: 2 });
    const before = tf.memory().numTensors;
    for (const [onContextOverflow, want] of [['error', 'context-limit'], ['slide', 'max-tokens']] as const) {
      const model = initTransformer(config, { seed: 3, onContextOverflow });
      const [r] = await generate(model, null, [1, 2, 3], { temperature: 0, maxNewTokens: 12, eosTokenId: [] });
      expect(r.finishReason).toBe(want);
      expect(r.ids.length).toBe(want === 'max-tokens' ? 12 : 5);
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stop strings across token boundaries are cut from the text, never streamed', async () => {
    const model = scriptedModel(tok, 'ab\n\ncd');
    const streamed: string[] = [];
    const [r] = await generate(model, tok, 'x', { temperature: 0, stop: ['\n\n'], onToken: (e) => streamed.push(e.text) });
    expect(r.finishReason).toBe('stop-string');
    expect(r.stopString).toBe('\n\n');
    expect(r.text).toBe('ab');
    expect(r.ids.length).toBe(4); // a, b, \n, \n
    expect(streamed.join('')).toBe('ab');
    const [s] = await generate(model, tok, 'x', { temperature: 0, stop: ['b\nX'] });
    expect([s.text, s.finishReason]).toEqual(['ab\n\ncd', 'eos']); // a held-back partial match is released
  });

  it('same seed, same tokens; another seed, other tokens', async () => {
    const model = constantModel(Array.from({ length: 20 }, () => 0));
    const run = async (seed: number) => (await generate(model, tok, 'x', { seed, maxNewTokens: 30, eosTokenId: [] }))[0].ids;
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
    expect((await run(5)).every((id) => id < 20)).toBe(true);
  });

  it('applies the processors: top-k 1 equals greedy, suppressed ids never appear', async () => {
    const model = constantModel([1, 3, 2, 0.5]);
    const [a] = await generate(model, null, [0], { seed: 1, topK: 1, maxNewTokens: 5, eosTokenId: [] });
    expect(a.ids).toEqual([1, 1, 1, 1, 1]);
    expect(a.text).toBeUndefined();
    const [b] = await generate(model, null, [0], { seed: 1, suppressTokens: [1, 2], maxNewTokens: 50, eosTokenId: [] });
    expect(b.ids.every((id) => id === 0 || id === 3)).toBe(true);
    const [c] = await generate(model, null, [0], { temperature: 0, repetitionPenalty: 100, maxNewTokens: 3, eosTokenId: [] });
    expect(c.ids).toEqual([1, 2, 3]); // each pick is penalised afterwards (3/100 < 2 ...)
  });

  it('minNewTokens bans the end token until then', async () => {
    const model = new LookupModel(V, (ids) => (ids.length < 3 ? prefer(V, eos) : prefer(V, 5)));
    const [r] = await generate(model, tok, 'x', { temperature: 0, minNewTokens: 2, maxNewTokens: 4 });
    expect(r.ids[0]).not.toBe(eos);
    expect(r.ids).not.toContain(eos);
  });

  it('logprobs are the log-softmax of the raw logits', async () => {
    const logits = [0.3, 1.7, -0.4, 0.9];
    const model = constantModel(logits);
    const [r] = await generate(model, null, [2, 3], { seed: 9, temperature: 0.7, topK: 3, maxNewTokens: 6, logprobs: true, eosTokenId: [] });
    const full = Float32Array.from({ length: V }, (_, i) => logits[i] ?? -1e9);
    const expected = tf.tidy(() => tf.logSoftmax(tf.tensor1d(full)).arraySync() as number[]);
    expect(r.logprobs!.length).toBe(6);
    for (const [i, lp] of r.logprobs!.entries()) expect(lp).toBeCloseTo(expected[r.ids[i]], 5);
  });

  it('aborts: from a callback, and before starting', async () => {
    const model = constantModel([0, 0, 0]);
    const controller = new AbortController();
    const [r] = await generate(model, null, [0], {
      seed: 1,
      maxNewTokens: 100,
      eosTokenId: [],
      signal: controller.signal,
      onToken: (e) => e.index === 4 && controller.abort(),
    });
    expect([r.ids.length, r.finishReason]).toEqual([5, 'aborted']);
    const [s] = await generate(model, null, [0], { signal: AbortSignal.abort() });
    expect([s.ids, s.finishReason]).toEqual([[], 'aborted']);
  });

  it('aborts on a timer while generating', async () => {
    const model = constantModel([0, 0, 0]);
    const before = tf.memory().numTensors;
    const [r] = await generate(model, null, [0], { seed: 1, maxNewTokens: 1e6, eosTokenId: [], signal: AbortSignal.timeout(50) });
    expect(r.finishReason).toBe('aborted');
    expect(r.ids.length).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('batched prompts of different lengths: rows interleave, finish on their own, match single runs', async () => {
    const model = scriptedModel(tok, 'abcdef');
    const prompts = ['x', 'xyz: abcd', 'q'];
    const events: GenerateEvent[] = [];
    const stream = generateStream(model, tok, prompts, { temperature: 0 });
    let step = await stream.next();
    while (!step.done) {
      events.push(step.value);
      step = await stream.next();
    }
    const results = step.value;
    expect(results.map((r) => r.text)).toEqual(['abcdef', 'ef', 'abcdef']);
    expect(results.map((r) => r.finishReason)).toEqual(['eos', 'eos', 'eos']);
    for (let i = 0; i < prompts.length; i++) {
      const [single] = await generate(model, tok, prompts[i], { temperature: 0 });
      expect(single.ids).toEqual(results[i].ids);
    }
    const tokens = events.filter((e): e is TokenEvent => e.type === 'token');
    expect(tokens.slice(0, 6).map((e) => e.row)).toEqual([0, 1, 2, 0, 1, 2]);
    const finishRow1 = events.findIndex((e) => e.type === 'finish' && e.row === 1);
    expect(finishRow1).toBeLessThan(events.findIndex((e) => e.type === 'finish' && e.row === 0));
    for (let row = 0; row < 3; row++) {
      const mine = tokens.filter((e) => e.row === row);
      expect(mine.map((e) => e.index)).toEqual(mine.map((_, i) => i));
      expect(mine.map((e) => e.id)).toEqual(results[row].ids);
      expect(mine.map((e) => e.text).join('')).toBe(results[row].text);
    }
  });

  it('the async iterator and the callback see the same events, in order', async () => {
    const model = scriptedModel(tok, 'stream me');
    const viaCallback: TokenEvent[] = [];
    await generate(model, tok, ['x', 'yy'], { temperature: 0, onToken: (e) => viaCallback.push(e) });
    const viaIterator: GenerateEvent[] = [];
    for await (const e of generateStream(model, tok, ['x', 'yy'], { temperature: 0 })) viaIterator.push(e);
    expect(viaIterator.filter((e) => e.type === 'token')).toEqual(viaCallback);
  });

  it('breaking out of the iterator frees the state', async () => {
    const before = tf.memory().numTensors;
    const model = scriptedModel(tok, 'abcdef');
    for await (const e of generateStream(model, tok, 'x', { temperature: 0 })) if (e.type === 'token' && e.index === 2) break;
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('generate options are validated', () => {
  const model = scriptedModel(tok, 'ab');
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ temperature: -0.5 }, /option temperature must be a finite number > 0, or exactly 0 for greedy, got -0.5/],
    [{ temperature: Number.NaN }, /option temperature .* got NaN/],
    [{ topK: 0 }, /option topK must be an integer >= 1, got 0/],
    [{ topP: 0 }, /option topP must be a number with 0 < topP <= 1, got 0/],
    [{ minP: 1 }, /option minP must be a number with 0 <= minP < 1, got 1/],
    [{ repetitionPenalty: 0 }, /option repetitionPenalty must be a number > 0 .*got 0/],
    [{ maxNewTokens: 2.5 }, /option maxNewTokens must be an integer >= 0, got 2.5/],
    [{ maxNewTokens: -1 }, /option maxNewTokens .*got -1/],
    [{ seed: 1.5 }, /option seed must be an integer, got 1.5/],
    [{ eosTokenId: V }, new RegExp(`option eosTokenId must be an array of token ids \\(integers 0 <= id < ${V}\\)`)],
    [{ stop: [''] }, /option stop must be an array of non-empty strings/],
    [{ max_tokens: 5 }, /option max_tokens must be a known option/],
    [{ thinking: { end: 'ab' } }, /option thinking.end must be exactly one token \(it encodes to 2/],
    [{ thinking: { end: '<|/think|>', minTokens: 5, maxTokens: 2 } }, /option thinking.maxTokens must be >= thinking.minTokens \(5\), got 2/],
  ];
  it.each(bad)('%j', async (options, message) => {
    await expect(generate(model, tok, 'x', options as never)).rejects.toThrow(GenerateOptionError);
    await expect(generate(model, tok, 'x', options as never)).rejects.toThrow(message);
  });
  it('prompts: empty, out of vocabulary, text without a tokenizer', async () => {
    await expect(generate(model, tok, [], {})).rejects.toThrow(/option prompt must be text, token ids, or a non-empty array/);
    await expect(generate(model, tok, [[1], []], {})).rejects.toThrow(/option prompt\[1\] must be at least one token/);
    await expect(generate(model, tok, [1, V], {})).rejects.toThrow(/option prompt\[1\] must be a token id in/);
    await expect(generate(model, null, 'text', {})).rejects.toThrow(/no tokenizer/);
    await expect(generate(model, null, [1], { stop: ['x'] })).rejects.toThrow(/option stop must be empty without a tokenizer/);
  });
});
