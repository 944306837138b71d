import { checkNumber } from '../option-error';
import type { LogitsProcessor } from './logits-processor';
import { softmax } from './softmax';

/**
 * Min-p sampling: removes tokens whose probability is below `minP` times the most likely token's
 * probability (the top token always stays). minP = 0 keeps everything.
 */
export function minPProcessor(minP: number): LogitsProcessor {
  checkNumber('minP', minP, { min: 0, max: 1, maxExclusive: true }, 'a number with 0 <= minP < 1');
  return {
    name: 'min-p',
    process(logits) {
      if (minP === 0) return;
      const probs = softmax(logits);
      let top = 0;
      for (let i = 0; i < probs.length; i++) if (probs[i] > top) top = probs[i];
      const threshold = minP * top;
      for (let i = 0; i < probs.length; i++) if (probs[i] < threshold) logits[i] = Number.NEGATIVE_INFINITY;
    },
  };
}
