/**
 * Which parameters a worker's replica lacks: each tf.Variable's `dataId` is compared with the one last
 * sent. `Variable.assign` (AdamW's update, ParamStore.set) swaps in a new dataId object, so a changed
 * parameter always has a new one, and an unchanged parameter (between the micro-batches of one
 * step, or a frozen one) is never resent.
 */
import type { CausalLM } from '@ftheta/core-model';
import type { ParamPack } from './protocol';

/** What one worker's replica holds: the dataId of every parameter as last sent. */
export class ParamSync {
  private readonly sent = new Map<string, object>();

  /** Names of `model`'s parameters whose value differs from what was last sent (all, at first). */
  changed(model: CausalLM): string[] {
    const out: string[] = [];
    for (const [name, v] of model.params.entries()) if (this.sent.get(name) !== v.dataId) out.push(name);
    return out;
  }

  /** Records that `names` were sent with their current values. */
  markSent(model: CausalLM, names: readonly string[]): void {
    for (const name of names) this.sent.set(name, model.params.get(name).dataId);
  }

  /** Forgets everything (the replica is rebuilt). */
  reset(): void {
    this.sent.clear();
  }
}

/**
 * Reads `names` of `model.params` into one fresh SharedArrayBuffer (one copy, whatever the number of
 * workers that read it).
 */
export function packParams(model: CausalLM, names: readonly string[]): ParamPack {
  const vars = names.map((n) => model.params.get(n));
  const total = vars.reduce((a, v) => a + v.size, 0);
  const data = new Float32Array(new SharedArrayBuffer(total * 4));
  let offset = 0;
  for (const v of vars) {
    if (v.dtype !== 'float32') throw new Error(`data-parallel: parameter "${v.name}" is ${v.dtype}, only float32 parameters can be sent to a worker`);
    data.set(v.dataSync() as Float32Array, offset);
    offset += v.size;
  }
  return { names: [...names], shapes: vars.map((v) => [...v.shape]), data };
}

/** The float32 views of a {@link ParamPack}'s parameters, in `names` order (no copy). */
export function unpackParams(pack: ParamPack): Float32Array[] {
  let offset = 0;
  return pack.shapes.map((shape) => {
    const size = shape.reduce((a, d) => a * d, 1);
    const view = pack.data.subarray(offset, offset + size);
    offset += size;
    return view;
  });
}
