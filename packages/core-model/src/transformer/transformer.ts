/**
 * The Transformer: GPT-2 exactly (learned positions, pre-LayerNorm, GELU tanh, tied head, biases),
 * with the options of {@link TransformerConfig}: no biases, RMSNorm, RoPE, SwiGLU, and an encoder
 * mode (bidirectional attention, `embed()`). nanoGPT style: one readable forward pass over
 * `@tensorflow/tfjs-core` ops, with shapes in the comments (B batch, T new tokens, C width, H heads,
 * hd head size, V vocabulary). Activations are kept 2-D as [B*T, C] so every linear layer is one
 * 2-D matMul.
 */
import { causalMaskBias } from '@ftheta/backend';
import * as tf from '@tensorflow/tfjs-core';
import { type ContextOverflow, parameterShapes, type TransformerConfig } from '../config';
import type { CausalLM, ForwardResult, ParamStore } from '../contract';
import { type AttentionWeights, selfAttention } from './attention';
import { KvCache, type LayerKv } from './kv-cache';
import { applyHook, type TransformerHooks } from './hooks';
import type { LinearBranch, LinearWeights } from './linear';
import { mlp, type MlpWeights } from './mlp';
import { layerNorm, type NormWeights, rmsNorm } from './norms';
import { ropeTables } from './rope';

/** Options of the model (defaults for every forward call). */
export interface TransformerOptions {
  /**
   * What `forward` does when cached + new tokens would exceed `n_positions` (default `'error'`:
   * running past the trained context silently is a bug more often than a wish).
   *
   * `'slide'` keeps the last `n_positions` tokens and re-encodes them from scratch (the cache keeps
   * the token ids for this), returning logits for the new tokens only. That is exact: the result
   * equals a full forward pass over the cropped window, which is what GPT-2 sampling scripts (and
   * ../shared/refs/gpt_ref.py's greedy) do. The cheaper alternative, dropping the oldest cache
   * entries, is not exact: learned positions would have to be re-assigned (the cached keys carry
   * their old positions in every layer), and even with RoPE the kept keys of layer ≥ 1 still mix
   * in the dropped tokens. The price: once at the limit, each new token costs a full forward over
   * the window.
   */
  onContextOverflow?: ContextOverflow;
  /**
   * Extra paths added to linear layers, by module name (a parameter name without `.weight`, e.g.
   * `transformer.h.0.attn.c_attn`): that layer computes y = x·W + b + branch(x). Fixed at
   * construction (a constructor option only; `forward` ignores it). This is the hook for adapters
   * that need the layer's input, such as LoRA with dropout on the adapter path; without it (the
   * default) every layer is the plain matMul it always was. Any linear layer but `lm_head` may
   * have one.
   */
  linearBranches?: ReadonlyMap<string, LinearBranch>;
  /**
   * Per-call hooks that read or replace activations inside the forward pass (embeddings, each
   * block's attention output, MLP key and output, and hidden state): see {@link TransformerHooks}.
   * A `forward` option only (the constructor ignores it).
   */
  hooks?: TransformerHooks;
}

/** How `embed()` turns [B, T, C] hidden states into [B, C]. */
export type Pooling = 'mean' | 'first' | 'last';

interface Block {
  ln_1: NormWeights;
  attn: AttentionWeights;
  ln_2: NormWeights;
  mlp: MlpWeights;
}

/** A GPT-2 family Transformer over a {@link ParamStore} of HF-named weights. */
export class Transformer implements CausalLM<TransformerConfig, KvCache> {
  readonly maxContext: number;
  readonly onContextOverflow: ContextOverflow;
  private readonly wte: tf.Variable;
  private readonly wpe?: tf.Variable;
  private readonly blocks: Block[];
  private readonly ln_f: NormWeights;
  private readonly head: tf.Variable;

  /**
   * Takes ownership of `params`, which must hold exactly the names and shapes of
   * {@link parameterShapes}(config) (errors name the first missing, unexpected or misshapen one).
   */
  constructor(
    readonly config: TransformerConfig,
    readonly params: ParamStore,
    options: TransformerOptions = {},
  ) {
    checkParams(config, params);
    this.maxContext = config.n_positions;
    this.onContextOverflow = checkOverflow(options.onContextOverflow ?? 'error');
    const get = (name: string) => params.get(name);
    const opt = (name: string) => (params.has(name) ? params.get(name) : undefined);
    const branches = checkBranches(config, options.linearBranches);
    const lin = (p: string): LinearWeights => {
      const w: LinearWeights = { weight: get(`${p}.weight`) as tf.Tensor2D, bias: opt(`${p}.bias`) as tf.Tensor1D | undefined };
      const branch = branches?.get(p);
      if (branch) w.branch = branch;
      return w;
    };
    const norm = (p: string): NormWeights => ({ weight: get(`${p}.weight`) as tf.Tensor1D, bias: opt(`${p}.bias`) as tf.Tensor1D | undefined });
    this.wte = get('transformer.wte.weight');
    this.wpe = opt('transformer.wpe.weight');
    this.blocks = Array.from({ length: config.n_layer }, (_, i) => {
      const h = `transformer.h.${i}`;
      return {
        ln_1: norm(`${h}.ln_1`),
        attn: { c_attn: lin(`${h}.attn.c_attn`), c_proj: lin(`${h}.attn.c_proj`) },
        ln_2: norm(`${h}.ln_2`),
        mlp: {
          c_fc: lin(`${h}.mlp.c_fc`),
          c_proj: lin(`${h}.mlp.c_proj`),
          c_gate: config.mlp_type === 'swiglu' ? lin(`${h}.mlp.c_gate`) : undefined,
        },
      };
    });
    this.ln_f = norm('transformer.ln_f');
    this.head = config.tie_word_embeddings ? this.wte : get('lm_head.weight');
  }

  /**
   * ids [B, T] int32, following `cache` if given -> logits [B, T, V] and a NEW cache holding the
   * old tokens and these (the given cache is left intact; the caller disposes both). Token ids
   * are not range-checked here (that would need a device read); out-of-vocabulary ids are the
   * caller's error to catch. In encoder mode (`is_causal: false`) there is no cache to pass in.
   */
  forward(ids: tf.Tensor2D, cache?: KvCache, options: TransformerOptions = {}): ForwardResult<KvCache> {
    this.checkIds(ids, cache);
    const [B, T] = ids.shape;
    const P = this.config.n_positions;
    const past = cache?.length ?? 0;
    if (past + T > P) {
      const mode = checkOverflow(options.onContextOverflow ?? this.onContextOverflow);
      const what = `${past} cached + ${T} new tokens exceed the context of n_positions ${P}`;
      if (mode === 'error' || !cache || T > P) {
        const hint = mode === 'error' ? " (pass onContextOverflow: 'slide' to keep the last n_positions tokens)" : '';
        throw new Error(`Transformer.forward: ${what}${hint}`);
      }
      return this.slide(ids, cache);
    }
    let layers: LayerKv[] = []; // kept by hidden(): they outlive this tidy in the new cache
    const { logits, allIds } = tf.tidy(() => {
      const trunk = this.hidden(ids, cache, options.hooks);
      layers = trunk.layers;
      const V = this.config.vocab_size;
      const logits = tf.reshape(tf.matMul(trunk.hidden, this.head, false, true), [B, T, V]) as tf.Tensor3D; // [B,T,V]
      const allIds = cache ? (tf.concat([cache.ids, ids], 1) as tf.Tensor2D) : tf.clone(ids); // [B,past+T]
      return { logits, allIds };
    });
    return { logits, state: new KvCache(layers, allIds) };
  }

  /**
   * One vector per sequence: the final (normalised) hidden states [B, T, C] pooled to [B, C] —
   * `'mean'` over positions (the default; the usual choice for an encoder), `'first'` or `'last'`
   * (the one position that has seen every token in causal mode).
   */
  embed(ids: tf.Tensor2D, pooling: Pooling = 'mean'): tf.Tensor2D {
    this.checkIds(ids, undefined);
    const [B, T] = ids.shape;
    if (T > this.config.n_positions) throw new Error(`Transformer.embed: ${T} tokens exceed n_positions ${this.config.n_positions}`);
    if (!['mean', 'first', 'last'].includes(pooling)) throw new Error(`Transformer.embed: pooling "${pooling}" must be mean, first or last`);
    return tf.tidy(() => {
      const { hidden, layers } = this.hidden(ids, undefined);
      for (const { k, v } of layers) tf.dispose([k, v]); // causal mode: the cache is not needed here
      const h = tf.reshape(hidden, [B, T, this.config.n_embd]); // [B,T,C]
      if (pooling === 'mean') return tf.mean(h, 1) as tf.Tensor2D; // [B,C]
      const t = pooling === 'first' ? 0 : T - 1;
      return tf.reshape(tf.slice(h, [0, t, 0], [B, 1, -1]), [B, this.config.n_embd]) as tf.Tensor2D;
    });
  }

  /** Disposes the parameters. */
  dispose(): void {
    this.params.dispose();
  }

  /**
   * The trunk: ids [B, T] -> final normalised hidden states [B*T, C] and every layer's K, V (kept
   * outside any tidy, for the new cache; none in encoder mode, whose cache cannot be continued).
   */
  private hidden(ids: tf.Tensor2D, cache: KvCache | undefined, hooks?: TransformerHooks): { hidden: tf.Tensor2D; layers: LayerKv[] } {
    const c = this.config;
    const [B, T] = ids.shape;
    const C = c.n_embd;
    const past = cache?.length ?? 0;
    const norm = c.norm_type === 'rmsnorm' ? rmsNorm : layerNorm;
    const eps = c.layer_norm_epsilon;
    const layers: LayerKv[] = [];
    const hidden = tf.tidy(() => {
      let x = tf.gather(this.wte, tf.reshape(ids, [B * T])) as tf.Tensor2D; // [B*T,C] token embeddings
      if (this.wpe) {
        const pos = tf.slice(this.wpe, [past, 0], [T, C]); // [T,C] learned positions, offset by the cache
        x = tf.reshape(tf.add(tf.reshape(x, [B, T, C]), pos), [B * T, C]);
      }
      if (hooks?.embed) x = applyHook('embed', x, hooks.embed);
      const rope = c.position_embedding_type === 'rope' ? ropeTables(past, T, C / c.n_head, c.rope_theta) : undefined;
      const maskBias = c.is_causal && T > 1 ? causalMaskBias(T, past + T) : undefined; // one mask for every layer
      this.blocks.forEach((block, i) => {
        const { y, k, v } = selfAttention(norm(x, block.ln_1, eps), block.attn, {
          batch: B,
          length: T,
          nHead: c.n_head,
          causal: c.is_causal,
          rope,
          past: cache?.layers[i],
          maskBias,
        });
        if (c.is_causal) layers.push({ k: tf.keep(k), v: tf.keep(v) }); // kept past this tidy: they go into the new cache
        if (!hooks) {
          x = tf.add(x, y); // [B*T,C] residual
          x = tf.add(x, mlp(norm(x, block.ln_2, eps), block.mlp, c.activation_function)); // [B*T,C]
          return;
        }
        x = tf.add(x, applyHook(`attn(${i})`, y, hooks.attn && ((a) => hooks.attn!(i, a))));
        const onKey = hooks.mlpKey && ((k: tf.Tensor2D) => applyHook(`mlpKey(${i})`, k, (a) => hooks.mlpKey!(i, a)));
        const m = mlp(norm(x, block.ln_2, eps), block.mlp, c.activation_function, onKey);
        x = tf.add(x, applyHook(`mlp(${i})`, m, hooks.mlp && ((a) => hooks.mlp!(i, a))));
        x = applyHook(`block(${i})`, x, hooks.block && ((a) => hooks.block!(i, a)));
      });
      return norm(x, this.ln_f, eps); // [B*T,C]
    });
    return { hidden, layers };
  }

  /** Overflow with 'slide': re-encode the last n_positions tokens (exact; see TransformerOptions). */
  private slide(ids: tf.Tensor2D, cache: KvCache): ForwardResult<KvCache> {
    const P = this.config.n_positions;
    const T = ids.shape[1];
    const window = tf.tidy(() => {
      const all = tf.concat([cache.ids, ids], 1) as tf.Tensor2D; // [B, past+T]
      return tf.slice(all, [0, all.shape[1] - P], [-1, P]) as tf.Tensor2D; // [B, P]
    });
    const full = this.forward(window, undefined, { onContextOverflow: 'error' });
    window.dispose();
    const logits = tf.tidy(() => tf.slice(full.logits, [0, P - T, 0], [-1, T, -1]) as tf.Tensor3D); // [B,T,V]
    full.logits.dispose();
    return { logits, state: full.state };
  }

  private checkIds(ids: tf.Tensor2D, cache: KvCache | undefined): void {
    if (ids.rank !== 2) throw new Error(`Transformer: ids must be [B, T], got shape [${ids.shape}]`);
    if (ids.dtype !== 'int32') throw new Error(`Transformer: ids must be int32, got ${ids.dtype}`);
    if (ids.shape[1] < 1) throw new Error('Transformer: ids must hold at least one token per sequence');
    if (!cache) return;
    if (!this.config.is_causal) {
      throw new Error('Transformer.forward: encoder mode (is_causal false) has no KV cache; pass the whole sequence');
    }
    if (cache.isDisposed) throw new Error('Transformer.forward: the KV cache was disposed');
    if (cache.batch !== ids.shape[0]) throw new Error(`Transformer.forward: ids batch ${ids.shape[0]} differs from the cache's ${cache.batch}`);
    if (cache.layers.length !== this.config.n_layer) throw new Error(`Transformer.forward: cache has ${cache.layers.length} layers, the model ${this.config.n_layer}`);
  }
}

function checkOverflow(mode: ContextOverflow): ContextOverflow {
  if (mode !== 'error' && mode !== 'slide') throw new Error(`onContextOverflow "${mode}" must be 'error' or 'slide'`);
  return mode;
}

/** Every branch must name a linear layer of the config (errors name the module and list the valid ones). */
function checkBranches(config: TransformerConfig, branches: ReadonlyMap<string, LinearBranch> | undefined): ReadonlyMap<string, LinearBranch> | undefined {
  if (!branches || branches.size === 0) return undefined;
  const modules = parameterShapes(config)
    .filter((s) => (s.role === 'linear' || s.role === 'residual-linear') && s.name !== 'lm_head.weight')
    .map((s) => s.name.slice(0, -'.weight'.length));
  for (const [name, fn] of branches) {
    if (!modules.includes(name)) throw new Error(`Transformer: linearBranches has "${name}", which is not a linear layer of this model (e.g. ${modules.slice(0, 3).join(', ')})`);
    if (typeof fn !== 'function') throw new Error(`Transformer: linearBranches "${name}" must be a function, got ${typeof fn}`);
  }
  return branches;
}

/** The store must hold exactly the parameters the config implies, with their shapes. */
function checkParams(config: TransformerConfig, params: ParamStore): void {
  const specs = parameterShapes(config);
  for (const { name, shape } of specs) {
    if (!params.has(name)) throw new Error(`Transformer: parameter "${name}" [${shape}] is missing (${params.size} given)`);
    const got = params.get(name).shape;
    if (!tf.util.arraysEqual(got, shape)) throw new Error(`Transformer: parameter "${name}" has shape [${got}], the config implies [${shape}]`);
  }
  if (params.size !== specs.length) {
    const known = new Set(specs.map((s) => s.name));
    const extra = params.names.filter((n) => !known.has(n));
    throw new Error(`Transformer: unexpected parameters for this config: ${extra.slice(0, 5).join(', ')}`);
  }
}
