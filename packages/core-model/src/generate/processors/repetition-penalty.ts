import { checkNumber } from '../option-error';
import type { LogitsProcessor } from './logits-processor';

/**
 * CTRL's repetition penalty (as transformers applies it): every token already in the sequence
 * (prompt included) has its logit divided by `penalty` when positive and multiplied by it when
 * negative, so penalty > 1 discourages repeats and penalty < 1 encourages them. 1 does nothing.
 */
export function repetitionPenaltyProcessor(penalty: number): LogitsProcessor {
  checkNumber('repetitionPenalty', penalty, { min: 0, minExclusive: true }, 'a number > 0 (1 means no penalty)');
  return {
    name: 'repetition-penalty',
    process(logits, context) {
      if (penalty === 1) return;
      const seen = new Set(context.ids);
      for (const id of seen) {
        if (id < 0 || id >= logits.length) continue;
        const v = logits[id];
        logits[id] = v > 0 ? v / penalty : v * penalty;
      }
    },
  };
}
