import { describe, expect, it } from 'vitest';
import { parseTrainBenchOutput } from './pytorch-side';

const OUTPUT = `torch 1.13.0a0, threads 2, BLAS ['libopenblasp-r0.3.21.so']
corpus file x.txt: 1115394 chars, vocab 65, train 1003854, val 111540; model 0.810M params; 12x64 tokens/iter
step 0: train loss 4.1672, val loss 4.1684
iter 0: loss 4.1700, time 50.0ms
step 20: train loss 3.5571, val loss 3.5952
tokens/s: 1594 over 20 iters (9.63s timed); 1840 excluding the first 5; 3290 at the median step (233.5ms)
{"torch": "1.13.0a0", "threads": 2, "blas": null, "iters": 20, "tokens_per_iter": 768, "tokens_per_s": 1594.3, "tokens_per_s_steady": 1839.6, "tokens_per_s_median_step": 3289.5, "median_step_ms": 233.47, "final_train_loss": 3.5571, "final_val_loss": 3.5952}
`;

describe('parseTrainBenchOutput', () => {
  it("reads train_bench.py's last JSON line", () => {
    expect(parseTrainBenchOutput(OUTPUT)).toMatchObject({ threads: 2, iters: 20, tokens_per_s_median_step: 3289.5, final_val_loss: 3.5952 });
  });
  it('returns null without a JSON summary', () => {
    expect(parseTrainBenchOutput('step 0: train loss 4.1\n{"other": 1}\n{broken')).toBeNull();
    expect(parseTrainBenchOutput('')).toBeNull();
  });
});
