/**
 * nanoGPT's CPU shakespeare_char recipe (config/train_shakespeare_char.py with the README's CPU
 * overrides: --device=cpu --compile=False --eval_iters=20 --log_interval=1 --block_size=64
 * --batch_size=12 --n_layer=4 --n_head=4 --n_embd=128 --max_iters=2000 --lr_decay_iters=2000
 * --dropout=0.0), as ftheta options, plus the quick variant the tests run.
 */

/** Everything one run of the scenario needs. */
export interface TrainRecipe {
  /** Model shape (GPT-2 style, tied head); vocab comes from the corpus (65 for tinyshakespeare). */
  model: { n_positions: number; n_embd: number; n_layer: number; n_head: number; use_bias: boolean; activation_function: 'gelu' | 'gelu_new' };
  batchSize: number;
  steps: number;
  /** nanoGPT: learning_rate 1e-3, min_lr 1e-4, warmup_iters 100, lr_decay_iters = max_iters. */
  lr: number;
  minLr: number;
  warmupSteps: number;
  decaySteps: number;
  /** nanoGPT: beta1 0.9, beta2 0.99 (shakespeare_char: "make a bit bigger because number of tokens per iter is small"). */
  beta1: number;
  beta2: number;
  /** nanoGPT: weight_decay 1e-1 on every ≥2-D parameter (embeddings included). */
  weightDecay: number;
  /** nanoGPT: grad_clip 1.0. */
  clipNorm: number;
  /** nanoGPT: eval_interval 250, eval_iters 20 (CPU line). */
  evalEvery: number;
  evalBatches: number;
  /** nanoGPT: 90/10 split (first 90% trains). */
  valFraction: number;
  seed: number;
  /** Steps left out of the tokens/s figure (warm-up: wasm heap growth, first kernel calls). */
  skipFirst: number;
  /** Iterations of PyTorch's 1-thread train_bench.py run (tokens/s only; the 2-thread run trains the whole recipe). */
  pytorchIters: number;
  /** ftheta's gradient threads (data parallel over worker_threads): 2 = this machine's cores, as PyTorch's 2 threads. */
  threads: number;
}

/** The full recipe (`pnpm bench train-shakespeare`). */
export const FULL_RECIPE: TrainRecipe = {
  // nanoGPT's model.py: bias=False (train_shakespeare_char.py does not change it) and nn.GELU() (exact erf).
  model: { n_positions: 64, n_embd: 128, n_layer: 4, n_head: 4, use_bias: false, activation_function: 'gelu' },
  batchSize: 12,
  steps: 2000,
  lr: 1e-3,
  minLr: 1e-4,
  warmupSteps: 100,
  decaySteps: 2000,
  beta1: 0.9,
  beta2: 0.99,
  weightDecay: 0.1,
  clipNorm: 1.0,
  evalEvery: 250,
  evalBatches: 20,
  valFraction: 0.1,
  seed: 1337,
  skipFirst: 10,
  pytorchIters: 200,
  threads: 2,
};

/** The quick recipe (tests): the same model and optimizer, 30 steps, a tiny evaluation. */
export const QUICK_RECIPE: TrainRecipe = {
  ...FULL_RECIPE,
  steps: 30,
  warmupSteps: 5,
  decaySteps: 30,
  evalEvery: 15,
  evalBatches: 2,
  skipFirst: 5,
  pytorchIters: 20,
};

/** nanoGPT's published validation loss for this recipe after 2000 iterations. */
export const VAL_LOSS_GOAL = 1.88;
/** Issue #5's speed goal: ftheta tokens/s ≥ 0.5 × PyTorch's. */
export const SPEED_GOAL = 0.5;
