/**
 * LoRA over an unchanged Transformer. Each targeted linear layer W [in, out] (Conv1D layout,
 * y = x·W + b) gets lora_A [r, in] and lora_B [out, r] (PEFT's nn.Linear layout and names), and
 * the layer computes y = x·W + b + s·(dropout(x)·Aᵀ)·Bᵀ, s = alpha / r (PEFT's forward).
 *
 * Two ways to run it, both without writing the base (its variables are neither in `params`, what
 * `train()` differentiates and AdamW updates, nor assigned):
 *
 * - Merged (eval mode, the default, and training with dropout 0): every `forward` computes
 *   W' = W + s·Aᵀ·Bᵀ (on the gradient tape, so gradients reach A and B) and runs a throw-away
 *   Transformer over a *view* ParamStore: the base's own variables for every untargeted name and,
 *   for each targeted name, a read-only `tf.Variable` aliasing the W' tensor (same data and tensor
 *   id, so the tape connects the layer's matMul to W' and from there to A and B). Costs one
 *   [in, r]·[r, out] product per target per call (use `mergeLora` for fast inference).
 * - Branch (training mode with dropout > 0): a Transformer over the base's variables whose targeted
 *   layers carry a `linearBranches` hook computing s·(dropout(x)·Aᵀ)·Bᵀ on the adapter path only
 *   (see lora-branch.ts), so the base path x·W never sees dropout, exactly as in PEFT.
 *
 * Dropout is on only in training mode (`lora.training = true`, or `train()` / `eval()`); generation,
 * evaluation and merging never drop. Each training-mode forward draws its masks from a seed derived
 * from `dropoutSeed` and the counter `dropoutStep` (then incremented), or from an explicit
 * `forward(ids, cache, { dropoutSeed })`; restore `dropoutStep` to resume bit for bit.
 * `train()` of @ftheta/trainer drives both through the CausalLM hook {@link LoraModel.setTrainingStep}:
 * training mode with dropoutStep = the micro-batch's index in the run before each training forward,
 * inference mode before evaluating and at the end, so a resumed run draws the same masks.
 */
import { type CausalLM, type ForwardResult, type KvCache, ParamStore, SeededRandom, Transformer, type TransformerConfig } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed } from '../seeded-random';
import { loraBranch } from './lora-branch';
import { type LoraConfig, type LoraInit, type LoraOptions, type LoraTarget, loraScaling, resolveLoraConfig, resolveTargets } from './lora-config';

/** Name of the A matrix of `module` in {@link LoraModel.params} (PEFT's, without `base_model.model.`). */
export const loraAName = (module: string): string => `${module}.lora_A.weight`;
/** Name of the B matrix of `module` in {@link LoraModel.params}. */
export const loraBName = (module: string): string => `${module}.lora_B.weight`;

/** Options of {@link createLora}. */
export interface CreateLoraOptions extends LoraOptions {
  /**
   * lora_A's init (lora_B is zero): `'kaiming-uniform'` (default, PEFT's `init_lora_weights=True`:
   * kaiming_uniform_ with a = √5, i.e. U(−1/√in, 1/√in)) or `'gaussian'` (PEFT's: N(0, (1/r)²)).
   */
  init?: LoraInit;
  /** PRNG seed of the init (default 0). */
  seed?: number;
  /** Base seed of the dropout masks (default: `seed`). */
  dropoutSeed?: number;
}

/** Options of {@link LoraModel}'s constructor. */
export interface LoraModelOptions {
  /** Base seed of the dropout masks (default 0); see {@link LoraModel.dropoutStep}. */
  dropoutSeed?: number;
}

/** Per-call options of {@link LoraModel.forward}. */
export interface LoraForwardOptions {
  /**
   * In training mode with dropout > 0: the seed of this call's masks, instead of the one derived
   * from (`dropoutSeed`, `dropoutStep`); `dropoutStep` is then left as it is. Ignored otherwise.
   */
  dropoutSeed?: number;
}

/**
 * A base Transformer plus a LoRA adapter, as a {@link CausalLM} whose `params` are the adapter only
 * (so `train({ model: lora, ... })` trains A and B and nothing else). It borrows the base: the base
 * is never written, and `dispose()` disposes the adapter, not the base.
 */
export class LoraModel implements CausalLM<TransformerConfig, KvCache> {
  readonly config: TransformerConfig;
  readonly maxContext: number;
  /** The adapted layers, in parameter order. */
  readonly targets: readonly LoraTarget[];
  /** s in W' = W + s·AᵀBᵀ. */
  readonly scaling: number;
  /** Base seed of the dropout masks. */
  readonly dropoutSeed: number;
  /**
   * Training mode: dropout (`lora.dropout`) on the adapter path of every forward. Off by default;
   * switch with `train()` / `eval()` or by assignment. Never on for inference.
   */
  training = false;
  /**
   * How many training-mode forwards with dropout have run: forward k draws its masks from
   * `deriveSeed(dropoutSeed, k)`. Part of a run's state: set it back to resume with the same masks.
   */
  dropoutStep = 0;
  /** The seed of the forward in progress (branch mode), read by the branch hooks. */
  private activeSeed = 0;
  /** The branch-mode Transformer over the base's variables (built on first use). */
  private branchView?: Transformer;

  /**
   * @param params The adapter: for each target `loraAName(module)` [r, in] and `loraBName(module)`
   *   [out, r]; the model takes ownership.
   * @throws Error naming a missing, unexpected or misshapen adapter tensor; RangeError for a bad config.
   */
  constructor(
    readonly base: Transformer,
    readonly lora: LoraConfig,
    readonly params: ParamStore,
    options: LoraModelOptions = {},
  ) {
    const { dropoutSeed = 0 } = options;
    if (!Number.isSafeInteger(dropoutSeed)) throw new RangeError(`LoraModel: dropoutSeed must be an integer, got ${dropoutSeed}`);
    this.dropoutSeed = dropoutSeed;
    this.config = base.config;
    this.maxContext = base.maxContext;
    this.targets = resolveTargets(base.config, lora.targetModules);
    this.scaling = loraScaling(lora);
    const expected = new Map<string, number[]>();
    for (const t of this.targets) {
      expected.set(loraAName(t.module), [lora.r, t.inFeatures]);
      expected.set(loraBName(t.module), [t.outFeatures, lora.r]);
    }
    for (const [name, shape] of expected) {
      if (!params.has(name)) throw new Error(`LoraModel: adapter tensor "${name}" [${shape}] is missing`);
      const got = params.get(name).shape;
      if (!tf.util.arraysEqual(got, shape)) throw new Error(`LoraModel: adapter tensor "${name}" has shape [${got}], expected [${shape}] (r ${lora.r})`);
    }
    const extra = params.names.filter((n) => !expected.has(n));
    if (extra.length > 0) throw new Error(`LoraModel: unexpected adapter tensors ${extra.slice(0, 5).join(', ')} (targets: ${this.targets.map((t) => t.module).join(', ')})`);
  }

  /** ΔW of `module` in Conv1D layout [in, out], scaled: s·Aᵀ·Bᵀ (the caller disposes it). */
  delta(module: string): tf.Tensor2D {
    const a = this.params.get(loraAName(module)); // [r,in]
    const b = this.params.get(loraBName(module)); // [out,r]
    return tf.tidy(() => tf.mul(tf.matMul(a, b, true, true), this.scaling) as tf.Tensor2D); // [in,out]
  }

  /** W' = W + s·Aᵀ·Bᵀ for every target, by parameter name (the caller disposes them). */
  mergedWeights(): Map<string, tf.Tensor2D> {
    const out = new Map<string, tf.Tensor2D>();
    for (const t of this.targets) {
      const name = `${t.module}.weight`;
      const w = this.base.params.get(name);
      out.set(name, tf.tidy(() => tf.add(w, this.delta(t.module)) as tf.Tensor2D));
    }
    return out;
  }

  /** Training mode on (`on` true, the default) or off; returns the model. */
  train(on = true): this {
    this.training = on;
    return this;
  }

  /** Training mode off (no dropout); returns the model. */
  eval(): this {
    this.training = false;
    return this;
  }

  /**
   * The CausalLM training hook: `index` = the training micro-batch about to run (training mode,
   * `dropoutStep = index`), null = inference mode. `train()` calls it; see the file comment.
   */
  setTrainingStep(index: number | null): void {
    if (index === null) {
      this.training = false;
      return;
    }
    if (!(Number.isSafeInteger(index) && index >= 0)) throw new RangeError(`LoraModel.setTrainingStep: index must be an integer ≥ 0 or null, got ${index}`);
    this.training = true;
    this.dropoutStep = index;
  }

  /**
   * ids [B, T] -> logits [B, T, V] of the adapted model (see the file comment for how). In training
   * mode with dropout > 0 the adapter path sees dropout(x), with masks seeded as described there.
   */
  forward(ids: tf.Tensor2D, cache?: KvCache, options: LoraForwardOptions = {}): ForwardResult<KvCache> {
    if (this.training && this.lora.dropout > 0) {
      const seed = options.dropoutSeed ?? deriveSeed(this.dropoutSeed, this.dropoutStep);
      if (!Number.isSafeInteger(seed)) throw new RangeError(`LoraModel.forward: dropoutSeed must be an integer, got ${seed}`);
      if (options.dropoutSeed === undefined) this.dropoutStep++;
      this.activeSeed = seed;
      return this.branches().forward(ids, cache);
    }
    const merged = this.mergedWeights();
    try {
      const entries: [string, tf.Tensor][] = this.base.params.names.map((name) => {
        const w = merged.get(name);
        // A read-only alias of W' (same dataId and id, untracked, never disposed itself), so the
        // Transformer's matMul is taped against W'. The base variable is used as it is otherwise.
        return [name, w ? new tf.Variable(w, false, `ftheta-lora-view/${name}`, w.id) : this.base.params.get(name)];
      });
      const view = new Transformer(this.base.config, new ParamStore(entries), { onContextOverflow: this.base.onContextOverflow });
      return view.forward(ids, cache); // the view is dropped, never disposed (it holds the base's variables)
    } finally {
      tf.dispose([...merged.values()]);
    }
  }

  /** The branch-mode view: the base's variables, each target with its LoRA branch (never disposed: it holds the base's variables). */
  private branches(): Transformer {
    if (!this.branchView) {
      const hooks = new Map(
        this.targets.map((t, i) => {
          const [aName, bName] = [loraAName(t.module), loraBName(t.module)];
          const hook = (x: tf.Tensor2D) =>
            loraBranch(x, this.params.get(aName) as tf.Tensor2D, this.params.get(bName) as tf.Tensor2D, this.scaling, this.lora.dropout, deriveSeed(this.activeSeed, i));
          return [t.module, hook] as const;
        }),
      );
      this.branchView = new Transformer(this.base.config, new ParamStore([...this.base.params.entries()]), {
        onContextOverflow: this.base.onContextOverflow,
        linearBranches: hooks,
      });
    }
    return this.branchView;
  }

  /** Disposes the adapter (not the base). */
  dispose(): void {
    this.params.dispose();
  }
}

/**
 * A fresh adapter over `base` (lora_B = 0, so it starts as the base model exactly).
 * Dropout (`dropout` > 0) acts in training mode only (see {@link LoraModel.training}).
 * @throws RangeError naming an invalid option: r ≤ 0 or not an integer, alpha ≤ 0, dropout not in
 *   [0, 1), an unknown target module (listing the available ones), an unknown init, a seed that is
 *   not an integer.
 */
export function createLora(base: Transformer, options: CreateLoraOptions = {}): LoraModel {
  const { init = 'kaiming-uniform', seed = 0, dropoutSeed = seed, ...rest } = options;
  const config = resolveLoraConfig(rest);
  if (init !== 'kaiming-uniform' && init !== 'gaussian') throw new RangeError(`createLora: init "${String(init)}" must be 'kaiming-uniform' or 'gaussian'`);
  if (!Number.isInteger(seed)) throw new RangeError(`createLora: seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(dropoutSeed)) throw new RangeError(`createLora: dropoutSeed must be an integer, got ${dropoutSeed}`);
  const targets = resolveTargets(base.config, config.targetModules);
  const rng = new SeededRandom(seed);
  const store = new ParamStore();
  try {
    for (const t of targets) {
      const n = config.r * t.inFeatures;
      let a: Float32Array;
      if (init === 'gaussian') a = rng.normals(n, 1 / config.r);
      else {
        const bound = 1 / Math.sqrt(t.inFeatures); // kaiming_uniform_(a=√5): gain √(1/3) · √(3/fan_in)
        a = new Float32Array(n);
        for (let i = 0; i < n; i++) a[i] = (2 * rng.uniform() - 1) * bound;
      }
      store.set(loraAName(t.module), tf.tensor2d(a, [config.r, t.inFeatures]));
      store.set(loraBName(t.module), tf.zeros([t.outFeatures, config.r]));
    }
    return new LoraModel(base, config, store, { dropoutSeed });
  } catch (err) {
    store.dispose();
    throw err;
  }
}
