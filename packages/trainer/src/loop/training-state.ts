/**
 * Everything besides θ that a run needs to continue exactly as if never stopped: the step, the
 * optimizer's moments, the data sources' positions, the loop's PRNG and the best validation loss.
 * Serialized as JSON (`trainer_state.json`) plus one safetensors file for the moments
 * (`optimizer.safetensors`, tensors `exp_avg.<param>` / `exp_avg_sq.<param>`, PyTorch's names).
 */
import { parseSafetensors, serializeSafetensors, type HostTensor } from '@ftheta/core-model';
import type { BatchSourceState } from '../data';
import type { AdamWState } from '../optim';

/** The state of a run after `step` completed steps. */
export interface TrainingState {
  /** Completed optimizer steps (the next step to run is this index). */
  step: number;
  /** AdamW's step count and moments. */
  optimizer: AdamWState;
  /** Position of the training batches after `step` steps. */
  train: BatchSourceState;
  /** Start of the (fixed) validation batches, or null without validation. */
  val: BatchSourceState | null;
  /** The loop's mulberry32 PRNG state (uint32). */
  rng: number;
  /** Lowest validation loss so far, or null before the first evaluation. */
  bestValLoss: number | null;
}

/** Format tag of trainer_state.json. */
export const TRAINER_STATE_FORMAT = 'ftheta-trainer-state/1';

const M = 'exp_avg.';
const V = 'exp_avg_sq.';

/** {@link TrainingState} as the text of trainer_state.json and the bytes of optimizer.safetensors. */
export function serializeTrainingState(state: TrainingState): { json: string; optimizer: Uint8Array } {
  const tensors: [string, HostTensor][] = [];
  for (const [name, t] of state.optimizer.m) tensors.push([M + name, t]);
  for (const [name, t] of state.optimizer.v) tensors.push([V + name, t]);
  const json = {
    format: TRAINER_STATE_FORMAT,
    step: state.step,
    optimizer_step: state.optimizer.step,
    train: state.train,
    val: state.val,
    rng: state.rng,
    best_val_loss: state.bestValLoss,
  };
  return {
    json: `${JSON.stringify(json, null, 2)}\n`,
    optimizer: serializeSafetensors(tensors, { format: 'ftheta-adamw' }, 'optimizer.safetensors'),
  };
}

/**
 * Parses what {@link serializeTrainingState} wrote.
 * @param source Named in errors (a directory or file).
 * @throws Error naming the field or tensor at fault.
 */
export function parseTrainingState(json: string, optimizer: Uint8Array, source = 'trainer_state.json'): TrainingState {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (o === null || typeof o !== 'object' || o.format !== TRAINER_STATE_FORMAT) {
    throw new Error(`${source}: format must be "${TRAINER_STATE_FORMAT}", got ${JSON.stringify(o?.format)}`);
  }
  const int = (key: string) => {
    const v = o[key];
    if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) throw new Error(`${source}: ${key} must be an integer ≥ 0, got ${JSON.stringify(v)}`);
    return v;
  };
  const isState = (v: unknown) => v !== null && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string';
  if (!isState(o.train)) throw new Error(`${source}: train must be a batch source state object with a "kind", got ${JSON.stringify(o.train)}`);
  if (o.val !== null && !isState(o.val)) throw new Error(`${source}: val must be null or a batch source state, got ${JSON.stringify(o.val)}`);
  const best = o.best_val_loss;
  if (best !== null && typeof best !== 'number') throw new Error(`${source}: best_val_loss must be a number or null, got ${JSON.stringify(best)}`);
  const { tensors } = parseSafetensors(optimizer, 'optimizer.safetensors');
  const m = new Map<string, HostTensor>();
  const v = new Map<string, HostTensor>();
  for (const [name, t] of tensors) {
    const host = { shape: t.shape, data: t.data };
    if (name.startsWith(V)) v.set(name.slice(V.length), host);
    else if (name.startsWith(M)) m.set(name.slice(M.length), host);
    else throw new Error(`optimizer.safetensors: tensor "${name}" is neither ${M}* nor ${V}*`);
  }
  return {
    step: int('step'),
    optimizer: { step: int('optimizer_step'), m, v },
    train: o.train as BatchSourceState,
    val: (o.val as BatchSourceState | null) ?? null,
    rng: int('rng'),
    bestValLoss: best as number | null,
  };
}
