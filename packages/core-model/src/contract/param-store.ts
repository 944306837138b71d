/**
 * θ: the learned parameters, by their checkpoint names (Hugging Face's, e.g.
 * `transformer.h.0.attn.c_attn.weight`). Training, merging and editing act on these names, never
 * on model classes.
 */
import * as tf from '@tensorflow/tfjs-core';

export class ParamStore {
  private readonly map = new Map<string, tf.Variable>();

  /** Takes ownership of the tensors (as trainable variables, named by their checkpoint names). */
  constructor(tensors: Iterable<[string, tf.Tensor]> = []) {
    for (const [name, t] of tensors) this.set(name, t);
  }

  /** Names in insertion order. */
  get names(): string[] {
    return [...this.map.keys()];
  }

  get size(): number {
    return this.map.size;
  }

  has(name: string): boolean {
    return this.map.has(name);
  }

  /** The parameter, or an error that names it and a few that do exist. */
  get(name: string): tf.Variable {
    const v = this.map.get(name);
    if (!v) {
      const known = this.names.slice(0, 5).join(', ');
      throw new Error(`parameter "${name}" not found (${this.map.size} parameters, e.g. ${known})`);
    }
    return v;
  }

  /** Adds or replaces a parameter; the store owns (and disposes) the value, also when it throws. */
  set(name: string, value: tf.Tensor): void {
    const old = this.map.get(name);
    if (old) {
      if (!tf.util.arraysEqual(old.shape, value.shape)) {
        value.dispose();
        throw new Error(`parameter "${name}": new shape [${value.shape}] differs from [${old.shape}]`);
      }
      old.assign(value);
      value.dispose();
      return;
    }
    const v = value instanceof tf.Variable ? value : tf.variable(value, true, `ftheta/${name}/${Math.random().toString(36).slice(2)}`);
    if (v !== value) value.dispose();
    this.map.set(name, v);
  }

  /** Total number of scalars. */
  count(): number {
    let n = 0;
    for (const v of this.map.values()) n += v.size;
    return n;
  }

  entries(): IterableIterator<[string, tf.Variable]> {
    return this.map.entries();
  }

  dispose(): void {
    for (const v of this.map.values()) v.dispose();
    this.map.clear();
  }
}
