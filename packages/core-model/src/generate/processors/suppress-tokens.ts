import type { LogitsProcessor } from './logits-processor';

/**
 * Bans tokens: sets their logits to -Infinity. With `untilLength`, only while fewer than that many
 * tokens have been generated (transformers' min-new-tokens: ban the end token(s) until then).
 */
export function suppressTokensProcessor(ids: readonly number[], untilLength?: number): LogitsProcessor {
  const banned = [...new Set(ids)];
  return {
    name: untilLength === undefined ? 'suppress-tokens' : 'min-new-tokens',
    process(logits, context) {
      if (untilLength !== undefined && context.ids.length - context.promptLength >= untilLength) return;
      for (const id of banned) if (id >= 0 && id < logits.length) logits[id] = Number.NEGATIVE_INFINITY;
    },
  };
}
