/**
 * Instruction data: (prompt, response) pairs rendered by a chat template, one example per row,
 * with the loss on the response tokens only (the template's assistant mask, shifted to targets).
 */
import type { ChatMessage, ChatTemplate } from '@ftheta/tokenizer';
import { type Batch, type BatchSource, type BatchSourceState, checkPositiveInt, checkSeed, checkState, stateInt } from './batch';
import { EpochOrder } from './epoch-order';

/** One instruction example. */
export interface SftPair {
  prompt: string;
  response: string;
  /** An optional system message before the prompt. */
  system?: string;
}

/** Options of {@link sftExamples}. */
export interface SftExamplesOptions {
  seqLen: number;
  batchSize: number;
  seed: number;
  /**
   * Id that fills a row after its example (inputs and targets; mask 0 there). Default: the id of
   * the template's end marker when it is a special token; otherwise required.
   */
  padId?: number;
  /**
   * An example longer than seqLen + 1 tokens: 'error' (default) throws naming the example;
   * 'truncate-left' drops tokens from its start (system and prompt), and still throws when that
   * would cut into the response.
   */
  overflow?: 'error' | 'truncate-left';
}

const KIND = 'sft-examples';

/**
 * A {@link BatchSource} of chat-formatted examples: each pair is rendered as
 * `[system] user(prompt) assistant(response)`; a row holds one example, inputs ids[0:L-1], targets
 * ids[1:L], mask = assistantMask[1:L] (1 exactly on the response tokens and the closing end marker),
 * then padding with mask 0. Examples are visited in a seeded order per epoch; batches run across
 * epochs. Every pair is rendered (and checked) when the source is built.
 */
export function sftExamples(pairs: readonly SftPair[], template: ChatTemplate, options: SftExamplesOptions): BatchSource {
  const seqLen = checkPositiveInt('sftExamples: seqLen', options.seqLen);
  const batchSize = checkPositiveInt('sftExamples: batchSize', options.batchSize);
  const seed = checkSeed('sftExamples: seed', options.seed);
  const overflow = options.overflow ?? 'error';
  if (overflow !== 'error' && overflow !== 'truncate-left') throw new RangeError(`sftExamples: overflow must be "error" or "truncate-left", got ${JSON.stringify(overflow)}`);
  const padId = options.padId ?? (template.markerEncoding === 'special' ? template.tokenizer.specialTokens.get(template.markers.end) : undefined);
  if (padId === undefined) throw new RangeError('sftExamples: padId is required when the chat template spells its markers as text');
  if (!Number.isSafeInteger(padId) || padId < 0) throw new RangeError(`sftExamples: padId must be a non-negative integer, got ${padId}`);
  if (pairs.length === 0) throw new RangeError('sftExamples: pairs is empty');

  const examples = pairs.map((pair, i) => {
    if (pair == null || typeof pair.prompt !== 'string' || typeof pair.response !== 'string') {
      throw new TypeError(`sftExamples: pairs[${i}] must have string prompt and response`);
    }
    const messages: ChatMessage[] = [];
    if (pair.system !== undefined) messages.push({ role: 'system', content: pair.system });
    messages.push({ role: 'user', content: pair.prompt }, { role: 'assistant', content: pair.response });
    const rendered = template.render(messages);
    let assistantMask = rendered.assistantMask;
    let idArray = Int32Array.from(rendered.ids);
    const excess = idArray.length - (seqLen + 1);
    if (excess > 0) {
      if (overflow === 'error') {
        throw new RangeError(`sftExamples: pairs[${i}] renders to ${idArray.length} tokens; seqLen ${seqLen} holds ${seqLen + 1} (raise seqLen, shorten it, or pass overflow: 'truncate-left')`);
      }
      if (assistantMask.subarray(0, excess + 1).some((m) => m !== 0)) {
        throw new RangeError(`sftExamples: pairs[${i}]: its response alone (${assistantMask.reduce((a, m) => a + m, 0)} tokens) does not fit seqLen ${seqLen}`);
      }
      idArray = idArray.subarray(excess);
      assistantMask = assistantMask.subarray(excess);
    }
    return { ids: idArray, mask: assistantMask };
  });

  const order = new EpochOrder(examples.length, seed);
  const fixed = { examples: examples.length, batchSize, seqLen };
  return {
    next(): Batch {
      const inputs = new Int32Array(batchSize * seqLen).fill(padId);
      const targets = new Int32Array(batchSize * seqLen).fill(padId);
      const mask = new Float32Array(batchSize * seqLen);
      for (let b = 0; b < batchSize; b++) {
        const ex = examples[order.next()]!;
        const n = ex.ids.length - 1;
        const row = b * seqLen;
        inputs.set(ex.ids.subarray(0, n), row);
        targets.set(ex.ids.subarray(1), row);
        for (let t = 0; t < n; t++) mask[row + t] = ex.mask[t + 1]!;
      }
      return { inputs, targets, mask, batchSize, seqLen };
    },
    state: (): BatchSourceState => ({ kind: KIND, ...fixed, epoch: order.epoch, cursor: order.cursor }),
    restore(state: BatchSourceState): void {
      checkState(KIND, state, fixed);
      order.seek(stateInt(KIND, state, 'epoch'), stateInt(KIND, state, 'cursor'));
    },
  };
}
