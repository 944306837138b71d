import { checkNumber } from '../option-error';
import type { LogitsProcessor } from './logits-processor';
import { softmax } from './softmax';

/**
 * Nucleus sampling: keeps the smallest set of most likely tokens whose probabilities add up to at
 * least `p` (the token that crosses `p` is kept; at least one token always is), removes the rest.
 * Equal probabilities are ordered by token id. p = 1 keeps everything.
 */
export function topPProcessor(p: number): LogitsProcessor {
  checkNumber('topP', p, { min: 0, minExclusive: true, max: 1 }, 'a number with 0 < topP <= 1');
  return {
    name: 'top-p',
    process(logits) {
      if (p === 1) return;
      const probs = softmax(logits);
      const order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
      let cumulative = 0;
      let keep = 0;
      while (keep < order.length) {
        cumulative += probs[order[keep]];
        keep++;
        if (cumulative >= p) break;
      }
      for (let r = keep; r < order.length; r++) logits[order[r]] = Number.NEGATIVE_INFINITY;
    },
  };
}
