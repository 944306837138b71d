/**
 * AdamW (Loshchilov & Hutter) over a {@link ParamStore}, with PyTorch's `torch.optim.AdamW` update
 * (no amsgrad), per parameter, in one `tf.tidy` per step (one fused kernel per parameter on wasm
 * and cpu, `adamwUpdate` of @ftheta/backend):
 *
 *   θ ← θ·(1 − lr·wd)                      decoupled decay (only parameters of the decay group)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   θ ← θ − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)     (ε outside the square root)
 *
 * The state (step count, m and v by parameter name) reads back to host arrays and restores
 * exactly, so a resumed run continues bit for bit.
 */
import { adamwUpdate } from '@ftheta/backend';
import type { HostTensor, ParamStore } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { shouldDecay, type DecayGroupOptions } from './decay-groups';
import type { NamedTensors } from './named-tensors';

/** Options of {@link AdamW}. */
export interface AdamWOptions extends DecayGroupOptions {
  /** β1 (default 0.9). */
  beta1?: number;
  /** β2 (default 0.95, nanoGPT's; PyTorch's default is 0.999). */
  beta2?: number;
  /** ε, added outside the square root (default 1e-8). */
  eps?: number;
  /** Decoupled weight decay for the decay group (default 0.1, nanoGPT's; PyTorch's is 0.01). */
  weightDecay?: number;
}

/** The optimizer's state: plain numbers plus host tensors, keyed by parameter name. */
export interface AdamWState {
  /** Updates taken so far (t of the bias correction). */
  step: number;
  /** First moments. */
  m: Map<string, HostTensor>;
  /** Second moments. */
  v: Map<string, HostTensor>;
}

interface Slot {
  param: tf.Variable;
  m: tf.Variable;
  v: tf.Variable;
  decay: boolean;
}

function checkRange(name: string, value: number, lo: number, hi: number, hiOpen = true): number {
  if (!(Number.isFinite(value) && value >= lo && (hiOpen ? value < hi : value <= hi))) {
    throw new Error(`AdamW: ${name} must be in [${lo}, ${hi}${hiOpen ? ')' : ']'}, got ${value}`);
  }
  return value;
}

/** AdamW with decoupled weight decay and exact, serializable state. Dispose it when done. */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private t = 0;
  private readonly slots = new Map<string, Slot>();

  /** Creates zero moments for every parameter of `params` (float32 variables, not trainable). */
  constructor(params: ParamStore, options: AdamWOptions = {}) {
    this.beta1 = checkRange('beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkRange('beta2', options.beta2 ?? 0.95, 0, 1);
    this.eps = options.eps ?? 1e-8;
    if (!(Number.isFinite(this.eps) && this.eps > 0)) throw new Error(`AdamW: eps must be a finite number > 0, got ${this.eps}`);
    this.weightDecay = options.weightDecay ?? 0.1;
    if (!(Number.isFinite(this.weightDecay) && this.weightDecay >= 0)) throw new Error(`AdamW: weightDecay must be a finite number ≥ 0, got ${this.weightDecay}`);
    const zeroVariable = (like: tf.Tensor) => {
      const z = tf.zerosLike(like);
      const v = tf.variable(z, false);
      z.dispose();
      return v;
    };
    for (const [name, param] of params.entries()) {
      this.slots.set(name, {
        param,
        m: zeroVariable(param),
        v: zeroVariable(param),
        decay: shouldDecay(name, param.shape, options),
      });
    }
  }

  /** Updates taken so far. */
  get step(): number {
    return this.t;
  }

  /** Names of the parameters that get weight decay. */
  get decayed(): string[] {
    return [...this.slots].filter(([, s]) => s.decay).map(([n]) => n);
  }

  /**
   * One update with learning rate `lr` from `grads` (by parameter name; the caller keeps and
   * disposes them). Parameters without a gradient are left alone (their moments too).
   * @throws Error naming a gradient whose parameter is unknown or whose shape differs, or a bad lr.
   */
  apply(grads: NamedTensors, lr: number): void {
    if (!(Number.isFinite(lr) && lr >= 0)) throw new Error(`AdamW.apply: lr must be a finite number ≥ 0, got ${lr}`);
    for (const [name, g] of grads) {
      const slot = this.slots.get(name);
      if (!slot) throw new Error(`AdamW.apply: gradient for unknown parameter "${name}"`);
      if (!tf.util.arraysEqual(slot.param.shape, g.shape)) {
        throw new Error(`AdamW.apply: gradient of "${name}" has shape [${g.shape}], parameter has [${slot.param.shape}]`);
      }
    }
    const t = this.t + 1;
    const { beta1, beta2, eps } = this;
    // One fused kernel per parameter on wasm and cpu (the same float32 formula as tfjs ops elsewhere).
    tf.tidy(() => {
      for (const [name, g] of grads) {
        const s = this.slots.get(name)!;
        const weightDecay = s.decay ? this.weightDecay : 0;
        const next = adamwUpdate(s.param, g, s.m, s.v, { lr, beta1, beta2, eps, weightDecay, step: t });
        s.param.assign(next.param);
        s.m.assign(next.m);
        s.v.assign(next.v);
      }
    });
    this.t = t;
  }

  /** The state read back to host arrays (copies). */
  state(): AdamWState {
    const m = new Map<string, HostTensor>();
    const v = new Map<string, HostTensor>();
    for (const [name, s] of this.slots) {
      m.set(name, { shape: [...s.m.shape], data: Float32Array.from(s.m.dataSync()) });
      v.set(name, { shape: [...s.v.shape], data: Float32Array.from(s.v.dataSync()) });
    }
    return { step: this.t, m, v };
  }

  /**
   * Restores a state from {@link state} (or a checkpoint). Every parameter must have its m and v.
   * @throws Error naming the missing, unknown or misshapen moment; nothing changes then.
   */
  restore(state: AdamWState): void {
    if (!(Number.isInteger(state.step) && state.step >= 0)) throw new Error(`AdamW.restore: step must be an integer ≥ 0, got ${state.step}`);
    for (const [which, map] of [['m', state.m], ['v', state.v]] as const) {
      for (const name of map.keys()) if (!this.slots.has(name)) throw new Error(`AdamW.restore: ${which} has unknown parameter "${name}"`);
      for (const [name, s] of this.slots) {
        const h = map.get(name);
        if (!h) throw new Error(`AdamW.restore: ${which} of parameter "${name}" is missing`);
        if (!tf.util.arraysEqual(h.shape, s.param.shape) || h.data.length !== s.param.size) {
          throw new Error(`AdamW.restore: ${which} of "${name}" has shape [${h.shape}], parameter has [${s.param.shape}]`);
        }
      }
    }
    for (const [name, s] of this.slots) {
      tf.tidy(() => {
        s.m.assign(tf.tensor(state.m.get(name)!.data, s.param.shape, 'float32'));
        s.v.assign(tf.tensor(state.v.get(name)!.data, s.param.shape, 'float32'));
      });
    }
    this.t = state.step;
  }

  /** Frees the moments (not the parameters). */
  dispose(): void {
    for (const s of this.slots.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.slots.clear();
  }
}
