/**
 * Mamba (v1) as a CausalLM: embeddings -> n_layer × (x += mixer(RMSNorm(x))) -> RMSNorm -> tied head,
 * exactly as ../shared/refs/mamba_ref.py (and HF's MambaForCausalLM). The scan is @ftheta/backend's
 * fused selective-scan kernel on wasm and cpu (one kernel forward, one backward); elsewhere prefill
 * and training use the chunked scan and a one-token forward the one-step recurrence. Either way a
 * token after a state costs the same whatever the context length. No context limit.
 */
import { type CausalLM, type ForwardResult, type ParamStore, rmsNorm } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { type MambaConfig, mambaParameterShapes } from '../config';
import type { SelectiveScanOptions } from '../scan';
import { MambaState, type MambaLayerState } from './mamba-state';
import { type MixerWeights, mambaMixer } from './mixer';

/** Options of {@link MambaModel} (constructor defaults, overridable per forward call). */
export interface MambaOptions {
  /** Which scan and chunk size (default 'auto': the fused kernel where registered, else sequential for one token and chunks of 8 otherwise). */
  scan?: SelectiveScanOptions;
  /**
   * Weight of a penalty on the step sizes Δ in training (default 0: none): the forward pass of a
   * training step (see {@link MambaModel.setTrainingStep}) returns `auxLoss = stepPenalty × mean Δ`
   * (over layers, tokens and channels), which `train()` adds to the loss. Δ is how much of each
   * token a channel writes into its state and how much of the state it lets decay; pressing it
   * towards 0 teaches the model to skip the tokens it need not store, so what it stored survives
   * rows far longer than it trained on (the induction-heads bench: 2 layers trained at 256 tokens,
   * scored at 4096). Read by the constructor; the property of the same name changes it later.
   */
  stepPenalty?: number;
}

interface Layer {
  norm: tf.Variable;
  mixer: MixerWeights;
}

/** A Mamba language model over a {@link ParamStore} of HF-named weights. */
export class MambaModel implements CausalLM<MambaConfig, MambaState> {
  /** No limit: the state has a fixed size whatever the context. */
  readonly maxContext = null;
  private readonly embeddings: tf.Variable;
  private readonly layers: Layer[];
  private readonly normF: tf.Variable;
  private readonly head: tf.Variable;
  private readonly scan: SelectiveScanOptions;
  private penalty = 0;
  private training = false;

  /**
   * Takes ownership of `params`, which must hold exactly the names and shapes of
   * {@link mambaParameterShapes}(config) (errors name the first missing, unexpected or misshapen one).
   */
  constructor(
    readonly config: MambaConfig,
    readonly params: ParamStore,
    options: MambaOptions = {},
  ) {
    checkParams(config, params);
    this.scan = options.scan ?? {};
    this.stepPenalty = options.stepPenalty ?? 0;
    const get = (name: string) => params.get(name);
    const opt = (name: string) => (params.has(name) ? params.get(name) : undefined);
    this.embeddings = get('backbone.embeddings.weight');
    this.layers = Array.from({ length: config.num_hidden_layers }, (_, i) => {
      const m = `backbone.layers.${i}.mixer`;
      return {
        norm: get(`backbone.layers.${i}.norm.weight`),
        mixer: {
          inProj: { weight: get(`${m}.in_proj.weight`) as tf.Tensor2D, bias: opt(`${m}.in_proj.bias`) as tf.Tensor1D | undefined },
          conv: { weight: get(`${m}.conv1d.weight`) as tf.Tensor3D, bias: opt(`${m}.conv1d.bias`) as tf.Tensor1D | undefined },
          xProj: get(`${m}.x_proj.weight`) as tf.Tensor2D,
          dtProj: { weight: get(`${m}.dt_proj.weight`) as tf.Tensor2D, bias: get(`${m}.dt_proj.bias`) as tf.Tensor1D },
          aLog: get(`${m}.A_log`) as tf.Tensor2D,
          d: get(`${m}.D`) as tf.Tensor1D,
          outProj: { weight: get(`${m}.out_proj.weight`) as tf.Tensor2D, bias: opt(`${m}.out_proj.bias`) as tf.Tensor1D | undefined },
        },
      };
    });
    this.normF = get('backbone.norm_f.weight');
    this.head = config.tie_word_embeddings ? this.embeddings : get('lm_head.weight');
  }

  /** The training penalty on Δ (see {@link MambaOptions.stepPenalty}); a finite number ≥ 0. */
  get stepPenalty(): number {
    return this.penalty;
  }
  set stepPenalty(weight: number) {
    if (!(typeof weight === 'number' && Number.isFinite(weight) && weight >= 0)) throw new RangeError(`MambaModel: stepPenalty must be a finite number ≥ 0, got ${weight}`);
    this.penalty = weight;
  }

  /**
   * Training mode (an index: a training step follows) or inference (null), as the CausalLM contract
   * has `train()` call it. Mamba has no dropout: the mode only decides whether a forward pass
   * returns the step-size penalty as `auxLoss`.
   */
  setTrainingStep(index: number | null): void {
    if (index !== null && !(Number.isSafeInteger(index) && index >= 0)) throw new RangeError(`MambaModel.setTrainingStep: index must be an integer ≥ 0 or null, got ${index}`);
    this.training = index !== null;
  }

  /**
   * ids [B, T] int32, following `state` if given -> logits [B, T, V] and a NEW state after these
   * tokens (the given state is left intact; the caller disposes both), plus `auxLoss` in training
   * mode with a `stepPenalty`. Token ids are not range-checked here (that would need a device read).
   */
  forward(ids: tf.Tensor2D, state?: MambaState, options: MambaOptions = {}): ForwardResult<MambaState> {
    this.checkIds(ids, state);
    const T = ids.shape[1];
    const scan = { ...this.scan, ...options.scan };
    const penalty = this.training ? this.penalty : 0;
    const layers: MambaLayerState[] = [];
    const kept: { auxLoss?: tf.Scalar } = {};
    let logits: tf.Tensor3D;
    try {
      logits = this.trunk(ids, state, scan, layers, penalty, kept);
    } catch (err) {
      for (const { conv, ssm } of layers) tf.dispose([conv, ssm]); // kept before the error
      kept.auxLoss?.dispose();
      throw err;
    }
    return { logits, state: new MambaState(layers, (state?.length ?? 0) + T), ...(kept.auxLoss ? { auxLoss: kept.auxLoss } : {}) };
  }

  /**
   * Embeddings -> layers -> norm -> head: logits [B,T,V]; pushes each layer's new (kept) state onto
   * `layers`, and with a penalty > 0 sets `out.auxLoss` = penalty × mean Δ over the layers (kept).
   */
  private trunk(ids: tf.Tensor2D, state: MambaState | undefined, scan: SelectiveScanOptions, layers: MambaLayerState[], penalty: number, out: { auxLoss?: tf.Scalar }): tf.Tensor3D {
    const c = this.config;
    const [B, T] = ids.shape;
    const dims = { batch: B, length: T, dtRank: c.time_step_rank, stateSize: c.state_size };
    return tf.tidy(() => {
      let x = tf.gather(this.embeddings, tf.reshape(ids, [B * T])) as tf.Tensor2D; // [B·T,C]
      const meanSteps: tf.Scalar[] = [];
      this.layers.forEach((layer, i) => {
        const h = rmsNorm(x, { weight: layer.norm as tf.Tensor1D }, c.layer_norm_epsilon); // [B·T,C]
        const { out: y, state: next, delta } = mambaMixer(h, layer.mixer, dims, state?.layers[i], scan);
        layers.push({ conv: tf.keep(next.conv), ssm: tf.keep(next.ssm) }); // kept past this tidy: the new state
        if (penalty > 0) meanSteps.push(tf.mean(delta));
        x = tf.add(x, y); // [B·T,C] residual
      });
      if (penalty > 0) out.auxLoss = tf.keep(tf.mul(penalty / meanSteps.length, tf.addN(meanSteps)) as tf.Scalar);
      const hidden = rmsNorm(x, { weight: this.normF as tf.Tensor1D }, c.layer_norm_epsilon); // [B·T,C]
      return tf.reshape(tf.matMul(hidden, this.head, false, true), [B, T, c.vocab_size]) as tf.Tensor3D; // [B,T,V]
    });
  }

  /** A state for `batch` sequences before any token (zeros), e.g. to start a scan from. */
  emptyState(batch = 1): MambaState {
    const c = this.config;
    const layers = Array.from({ length: c.num_hidden_layers }, () => ({
      conv: tf.zeros([batch, c.conv_kernel - 1, c.intermediate_size]) as tf.Tensor3D,
      ssm: tf.zeros([batch, c.intermediate_size, c.state_size]) as tf.Tensor3D,
    }));
    return new MambaState(layers, 0);
  }

  /** Disposes the parameters. */
  dispose(): void {
    this.params.dispose();
  }

  private checkIds(ids: tf.Tensor2D, state: MambaState | undefined): void {
    if (ids.rank !== 2) throw new Error(`MambaModel: ids must be [B, T], got shape [${ids.shape}]`);
    if (ids.dtype !== 'int32') throw new Error(`MambaModel: ids must be int32, got ${ids.dtype}`);
    if (ids.shape[1] < 1) throw new Error('MambaModel: ids must hold at least one token per sequence');
    if (!state) return;
    if (!(state instanceof MambaState)) throw new Error('MambaModel.forward: state must be a MambaState (from a previous forward)');
    if (state.isDisposed) throw new Error('MambaModel.forward: the state was disposed');
    if (state.layers.length !== this.config.num_hidden_layers) {
      throw new Error(`MambaModel.forward: state has ${state.layers.length} layers, the model ${this.config.num_hidden_layers}`);
    }
    if (state.batch !== ids.shape[0]) throw new Error(`MambaModel.forward: ids batch ${ids.shape[0]} differs from the state's ${state.batch}`);
  }
}

/** The store must hold exactly the parameters the config implies, with their shapes. */
function checkParams(config: MambaConfig, params: ParamStore): void {
  const specs = mambaParameterShapes(config);
  for (const { name, shape } of specs) {
    if (!params.has(name)) throw new Error(`MambaModel: parameter "${name}" [${shape}] is missing`);
    const got = params.get(name).shape;
    if (!tf.util.arraysEqual(got, shape)) throw new Error(`MambaModel: parameter "${name}" has shape [${got}], expected [${shape}]`);
  }
  const wanted = new Set(specs.map((s) => s.name));
  for (const name of params.names) if (!wanted.has(name)) throw new Error(`MambaModel: unexpected parameter "${name}" for this config`);
}
