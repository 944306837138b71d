/** A MambaModel from named float32 arrays (a loaded checkpoint's `tensors`), every name and shape checked. */
import { CheckpointError, type HostTensor, ParamStore } from '@ftheta/core-model';
import * as tf from '@tensorflow/tfjs-core';
import { type MambaConfig, mambaParameterShapes } from '../config';
import { MambaModel, type MambaOptions } from './mamba-model';

/** Options of {@link mambaFromWeights}. */
export interface MambaFromWeightsOptions extends MambaOptions {
  /** The file the tensors came from, for error messages (default 'model.safetensors'). */
  source?: string;
}

/** The weights a config needs, checked: the config the model will have, and the tensors by parameter name. */
export interface CheckedMambaWeights {
  /** `tie_word_embeddings` is false when the file's `lm_head.weight` differs from the embeddings. */
  config: MambaConfig;
  tensors: Map<string, HostTensor>;
}

/**
 * Checks HF MambaForCausalLM-named arrays against `config` on the host (no tensors made): accepts the
 * original state-spaces name `backbone.embedding.weight`, and an `lm_head.weight` in a tied model,
 * dropped when it equals the embeddings; when it differs, the head is used untied (the returned
 * config says `tie_word_embeddings: false`), as the PyTorch reference does.
 * @throws CheckpointError naming `source` and the tensor: missing, unexpected, or of the wrong shape (with the expected one).
 */
export function checkMambaWeights(config: MambaConfig, tensors: ReadonlyMap<string, HostTensor>, source = 'model.safetensors'): CheckedMambaWeights {
  const byName = new Map(tensors);
  const legacy = byName.get('backbone.embedding.weight');
  if (legacy && !byName.has('backbone.embeddings.weight')) {
    byName.delete('backbone.embedding.weight');
    byName.set('backbone.embeddings.weight', legacy);
  }
  const head = byName.get('lm_head.weight');
  const emb = byName.get('backbone.embeddings.weight');
  if (config.tie_word_embeddings && head) {
    if (emb && sameValues(head.data, emb.data)) byName.delete('lm_head.weight');
    else config = { ...config, tie_word_embeddings: false };
  }
  const specs = mambaParameterShapes(config);
  for (const { name, shape } of specs) {
    const t = byName.get(name);
    if (!t) throw new CheckpointError(source, `tensor "${name}" [${shape.join(', ')}] is missing (${describe(config)})`);
    if (!tf.util.arraysEqual(t.shape, shape)) {
      throw new CheckpointError(source, `tensor "${name}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] (${describe(config)})`);
    }
    if (t.data.length !== shape.reduce((a, b) => a * b, 1)) throw new CheckpointError(source, `tensor "${name}" holds ${t.data.length} values for shape [${shape.join(', ')}]`);
  }
  const wanted = new Set(specs.map((s) => s.name));
  for (const name of byName.keys()) if (!wanted.has(name)) throw new CheckpointError(source, `unexpected tensor "${name}" for this config (${describe(config)})`);
  return { config, tensors: byName };
}

/**
 * Builds a {@link MambaModel} from HF MambaForCausalLM-named arrays (copies them into tf
 * variables), e.g. `loadCheckpointDir(dir).tensors`, after {@link checkMambaWeights}.
 * @throws CheckpointError naming the tensor: missing, unexpected, or of the wrong shape (with the expected one).
 */
export function mambaFromWeights(config: MambaConfig, tensors: ReadonlyMap<string, HostTensor>, options: MambaFromWeightsOptions = {}): MambaModel {
  const { source = 'model.safetensors', ...modelOptions } = options;
  const checked = checkMambaWeights(config, tensors, source);
  config = checked.config;
  const byName = checked.tensors;
  const specs = mambaParameterShapes(config);
  const store = new ParamStore();
  try {
    for (const { name, shape } of specs) store.set(name, tf.tensor(byName.get(name)!.data, shape, 'float32'));
    return new MambaModel(config, store, modelOptions);
  } catch (err) {
    store.dispose();
    throw err;
  }
}

function describe(c: MambaConfig): string {
  return `hidden_size ${c.hidden_size}, intermediate_size ${c.intermediate_size}, state_size ${c.state_size}, time_step_rank ${c.time_step_rank}, conv_kernel ${c.conv_kernel}, vocab_size ${c.vocab_size}`;
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
