/**
 * generate(): prompt in, continuation out, as a pipeline of the small pieces in this folder:
 * processors (penalties, bans, temperature, top-k, top-p, min-p) -> sampler (seeded) -> stop rules
 * (end token, stop strings, max tokens, AbortSignal, context limit) -> streamer (callbacks or an
 * async iterator). Budget forcing plugs in as a SequenceController.
 *
 * Each prompt is prefilled in ONE forward call, then decoded one token per forward call, passing
 * the state (the KV cache) along and disposing the previous one.
 *
 * Batches: every prompt (row) runs with its own state, so prompts of different lengths need no
 * padding (the CausalLM contract has no attention mask, so left padding would change the results)
 * and a finished row simply stops while the others go on. Rows advance in lock step: step s of
 * row 0, step s of row 1, ..., then step s+1. The price is B forward calls per step instead of one.
 */
import type { Tokenizer } from '@ftheta/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import type { CausalLM, ModelConfig, ModelState } from '../contract/causal-lm';
import { BudgetForcing } from '../scaling/budget-forcing';
import { resolveThinking } from '../scaling/thinking-options';
import type { FinishEvent, FinishReason, GenerateEvent, SequenceResult, TokenEvent } from './events';
import { GenerateOptionError } from './option-error';
import { type GenerateOptions, resolveGenerateOptions } from './options';
import { applyProcessors } from './processors/logits-processor';
import { logSoftmaxAt } from './processors/softmax';
import { type Prompt, defaultEosIds, normalizePrompts } from './prompt';
import { deriveSeed, mulberry32 } from '../random';
import { pickToken } from './sampler';
import type { SequenceController } from './sequence-controller';
import { StopStringMatcher } from './stop-strings';
import { TextStream } from './text-stream';

interface Row<S extends ModelState> {
  index: number;
  promptIds: number[];
  ids: number[];
  state: S | null;
  /** Raw last-position logits after everything fed so far. */
  logits: Float32Array | null;
  random: (() => number) | null;
  queue: number[];
  text: string[];
  stream: TextStream | null;
  stops: StopStringMatcher | null;
  logprobs: number[] | null;
  controller: (SequenceController & { report(): SequenceResult['thinking'] }) | null;
  finished: boolean;
}

/**
 * Generates a continuation for each prompt. `prompt` is text (needs `tokenizer`), ids, or a batch
 * of them; the result has one entry per prompt, in order. Throws GenerateOptionError for a bad
 * option, before running the model.
 */
export async function generate<S extends ModelState>(
  model: CausalLM<ModelConfig, S>,
  tokenizer: Tokenizer | null,
  prompt: Prompt,
  options: GenerateOptions = {},
): Promise<SequenceResult[]> {
  const it = generateStream(model, tokenizer, prompt, options);
  let step = await it.next();
  while (!step.done) step = await it.next();
  return step.value;
}

/**
 * The same as generate(), as an async iterator of events: a 'token' event per token (rows
 * interleave step by step) and a 'finish' event per sequence; its return value is the results.
 * Breaking out of the loop early disposes everything.
 */
export async function* generateStream<S extends ModelState>(
  model: CausalLM<ModelConfig, S>,
  tokenizer: Tokenizer | null,
  prompt: Prompt,
  options: GenerateOptions = {},
): AsyncGenerator<GenerateEvent, SequenceResult[], undefined> {
  const vocabSize = model.config.vocab_size;
  const o = resolveGenerateOptions(options, { vocabSize, defaultEos: defaultEosIds(model.config, tokenizer), hasTokenizer: tokenizer !== null });
  const prompts = normalizePrompts(prompt, tokenizer, vocabSize, options.allowedSpecial);
  const encodeSpecial = tokenizer ? (text: string) => tokenizer.encode(text, { allowedSpecial: 'all' }) : null;
  const thinking = options.thinking === undefined ? null : resolveThinking(options.thinking, encodeSpecial, vocabSize);
  const eos = new Set(o.eosTokenIds);
  const max = model.maxContext;
  const slides = model.onContextOverflow === 'slide'; // the model keeps the last maxContext tokens itself
  prompts.forEach((p, r) => {
    if (max !== null && p.length > max) throw new GenerateOptionError(prompts.length > 1 ? `prompt[${r}]` : 'prompt', `${p.length} tokens`, `at most the model's context of ${max} tokens`);
  });

  const rows: Row<S>[] = prompts.map((promptIds, index) => ({
    index,
    promptIds,
    ids: [],
    state: null,
    logits: null,
    random: o.seed === null ? null : mulberry32(deriveSeed(o.seed, index)),
    queue: [],
    text: [],
    stream: tokenizer ? new TextStream(tokenizer) : null,
    stops: tokenizer ? new StopStringMatcher(o.stop) : null,
    logprobs: options.logprobs ? [] : null,
    controller: thinking ? new BudgetForcing(thinking, eos) : null,
    finished: false,
  }));
  const results: SequenceResult[] = new Array(rows.length);
  let lastYield = Date.now();

  const finish = (row: Row<S>, reason: FinishReason): FinishEvent => {
    row.finished = true;
    row.state?.dispose();
    row.state = null;
    row.logits = null;
    let tail = '';
    if (row.stream && row.stops) {
      tail = row.stops.push(row.stream.flush()) + row.stops.flush();
      row.text.push(tail);
    }
    const result: SequenceResult = { promptIds: row.promptIds, ids: row.ids, finishReason: reason };
    if (row.stream) result.text = row.text.join('');
    if (row.stops?.matched) {
      result.finishReason = 'stop-string';
      result.stopString = row.stops.matched;
    }
    if (row.logprobs) result.logprobs = row.logprobs;
    if (row.controller) result.thinking = row.controller.report();
    results[row.index] = result;
    return { type: 'finish', row: row.index, text: tail, result };
  };

  try {
    for (const row of rows) {
      if (options.signal?.aborted) break;
      row.queue = row.controller ? row.controller.start(row.promptIds) : [];
      if (o.maxNewTokens > 0) await feed(model, row, row.promptIds);
    }
    while (rows.some((r) => !r.finished)) {
      for (const row of rows) {
        if (row.finished) continue;
        if (options.signal?.aborted) {
          const ev = finish(row, 'aborted');
          options.onFinish?.(ev);
          yield ev;
          continue;
        }
        if (row.ids.length >= o.maxNewTokens) {
          const ev = finish(row, 'max-tokens');
          options.onFinish?.(ev);
          yield ev;
          continue;
        }
        const { event, reason } = step(row);
        let finishEvent: FinishEvent | null = null;
        const more = reason === null && row.ids.length < o.maxNewTokens;
        if (reason === null && more && max !== null && !slides && row.promptIds.length + row.ids.length >= max) {
          finishEvent = finish(row, 'context-limit');
        } else if (reason !== null || !more) {
          finishEvent = finish(row, reason ?? 'max-tokens');
        }
        if (finishEvent) {
          // The held-back tail goes out with the last token, so streamed text always adds up.
          event.text += finishEvent.text;
          finishEvent.text = '';
        }
        options.onToken?.(event);
        yield event;
        if (finishEvent) {
          options.onFinish?.(finishEvent);
          yield finishEvent;
        } else {
          await feed(model, row, [event.id]);
        }
      }
      if (options.signal && Date.now() - lastYield > 8) {
        // Let timers (and so an abort) run between steps.
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = Date.now();
      }
    }
    return results;
  } finally {
    for (const row of rows) {
      row.state?.dispose();
      row.state = null;
    }
  }

  /** Chooses and records the next token of `row`; says why the row ended, if it did. */
  function step(row: Row<S>): { event: TokenEvent; reason: FinishReason | null } {
    const logits = row.logits!;
    let id: number;
    let forced = row.queue.length > 0;
    if (forced) id = row.queue.shift()!;
    else {
      const scores = Float32Array.from(logits);
      const context = { ids: [...row.promptIds, ...row.ids], promptLength: row.promptIds.length };
      applyProcessors(o.adjusters, scores, context);
      if (row.random) applyProcessors(o.warpers, scores, context);
      id = pickToken(scores, row.random);
      const replacement = row.controller?.review(id) ?? null;
      if (replacement && replacement.length > 0) {
        id = replacement[0];
        row.queue = replacement.slice(1);
        forced = true;
      }
    }
    const logprob = row.logprobs ? logSoftmaxAt(logits, id) : undefined;
    if (logprob !== undefined) row.logprobs!.push(logprob);
    row.ids.push(id);
    const next = row.controller?.accept(id) ?? null;
    if (next) row.queue = next;
    const event: TokenEvent = { type: 'token', row: row.index, index: row.ids.length - 1, id, text: '', forced };
    if (logprob !== undefined) event.logprob = logprob;
    if (!forced && eos.has(id)) return { event, reason: 'eos' };
    if (row.stream && row.stops) {
      event.text = row.stops.push(row.stream.push(id));
      row.text.push(event.text);
      if (row.stops.matched !== null) return { event, reason: 'stop-string' };
    }
    return { event, reason: null };
  }
}

/** Runs `ids` through the model after the row's state; keeps the new state and last logits. */
async function feed<S extends ModelState>(model: CausalLM<ModelConfig, S>, row: Row<S>, ids: number[]): Promise<void> {
  const input = tf.tensor2d([ids], [1, ids.length], 'int32');
  let out: { logits: tf.Tensor3D; state: S };
  try {
    out = model.forward(input, row.state ?? undefined);
  } finally {
    input.dispose();
  }
  try {
    const [, t, v] = out.logits.shape;
    const last = tf.tidy(() => tf.reshape(tf.slice(out.logits, [0, t - 1, 0], [1, 1, v]), [v]));
    try {
      row.logits = (await last.data()) as Float32Array;
    } finally {
      last.dispose();
    }
  } catch (err) {
    out.state.dispose();
    throw err;
  } finally {
    out.logits.dispose();
  }
  row.state?.dispose();
  row.state = out.state;
}
