/**
 * LoRA over an unchanged Transformer. Each targeted linear layer W [in, out] (Conv1D layout,
 * y = x·W + b) gets lora_A [r, in] and lora_B [out, r] (PEFT's nn.Linear layout and names), and
 * the layer computes with W' = W + s·ΔW, ΔW = Aᵀ·Bᵀ [in, out], s = alpha / r.
 *
 * How it runs without touching core-model: the Transformer reads its weight variables once, at
 * construction. So every `forward` computes the merged weights W' (recorded on the gradient tape,
 * so gradients reach A and B), and builds a throw-away Transformer over a *view* ParamStore: the
 * base's own variables for every untargeted name, and for each targeted name a read-only
 * `tf.Variable` that aliases the W' tensor (same data and tensor id, so the tape connects the
 * layer's matMul to W' and from there to A and B). Nothing is ever assigned to the base: its
 * variables are neither in `params` (what `train()` differentiates and AdamW updates) nor written.
 * The cost is one [in, r]·[r, out] product per target per call (use `mergeLora` for fast inference).
 *
 * Equivalence with PEFT's forward x·W + s·(dropout(x)·Aᵀ)·Bᵀ holds exactly in exact arithmetic
 * without dropout; dropout is therefore not implemented (see {@link LoraConfig.dropout}).
 */
import { type CausalLM, type ForwardResult, type KvCache, ParamStore, SeededRandom, Transformer, type TransformerConfig } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
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

  /**
   * @param params The adapter: for each target `loraAName(module)` [r, in] and `loraBName(module)`
   *   [out, r]; the model takes ownership.
   * @throws Error naming a missing, unexpected or misshapen adapter tensor; RangeError for a bad config.
   */
  constructor(
    readonly base: Transformer,
    readonly lora: LoraConfig,
    readonly params: ParamStore,
  ) {
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

  /** ids [B, T] -> logits [B, T, V] of the adapted model (see the file comment for how). */
  forward(ids: tf.Tensor2D, cache?: KvCache): ForwardResult<KvCache> {
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

  /** Disposes the adapter (not the base). */
  dispose(): void {
    this.params.dispose();
  }
}

/**
 * A fresh adapter over `base` (lora_B = 0, so it starts as the base model exactly).
 * @throws RangeError naming an invalid option: r ≤ 0 or not an integer, alpha ≤ 0, dropout > 0
 *   (not implemented), an unknown target module (listing the available ones), an unknown init.
 */
export function createLora(base: Transformer, options: CreateLoraOptions = {}): LoraModel {
  const { init = 'kaiming-uniform', seed = 0, ...rest } = options;
  const config = resolveLoraConfig(rest);
  if (config.dropout > 0) {
    throw new RangeError(
      `createLora: dropout ${config.dropout} is not implemented (ftheta applies LoRA as merged weights W + s·ΔW, which has no separate input to drop); use 0`,
    );
  }
  if (init !== 'kaiming-uniform' && init !== 'gaussian') throw new RangeError(`createLora: init "${String(init)}" must be 'kaiming-uniform' or 'gaussian'`);
  if (!Number.isInteger(seed)) throw new RangeError(`createLora: seed must be an integer, got ${seed}`);
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
    return new LoraModel(base, config, store);
  } catch (err) {
    store.dispose();
    throw err;
  }
}
