import { checkNumber } from '../option-error';
import type { LogitsProcessor } from './logits-processor';

/**
 * Divides the logits by `temperature` (> 0): below 1 sharpens the distribution, above 1 flattens
 * it. Temperature 0 (greedy) is not a processor: generate() takes the argmax instead.
 */
export function temperatureProcessor(temperature: number): LogitsProcessor {
  checkNumber('temperature', temperature, { min: 0, minExclusive: true }, 'a number > 0 (use 0 in generate options for greedy)');
  return {
    name: 'temperature',
    process(logits) {
      if (temperature === 1) return;
      for (let i = 0; i < logits.length; i++) logits[i] /= temperature;
    },
  };
}
