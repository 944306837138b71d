/** What a worker thread needs to rebuild a model: checks that it can, and says why not when it cannot. */
import type { CausalLM, TransformerConfig } from '@ftheta/core-model';
import type { TransformerReplica } from './protocol';

/** The model classes a worker can rebuild, by `config.model_type`. */
export const REPLICABLE_MODEL_TYPES: Readonly<Record<string, string>> = { gpt2: 'Transformer' };

/**
 * The architecture of `model` as a worker rebuilds it: a plain `Transformer` of `@ftheta/core-model`
 * (config.model_type "gpt2") over exactly its parameters. Anything else — another model_type, a
 * wrapper such as the LoRA model (whose params are an adapter over a frozen base), a subclass — is
 * refused: a worker computing gradients of a different function would be a silent error.
 * @throws Error naming the unsupported model_type or model class.
 */
export function replicaSpec(model: CausalLM): TransformerReplica {
  const type = model.config?.model_type;
  const cls = REPLICABLE_MODEL_TYPES[type];
  if (cls === undefined) {
    const known = Object.keys(REPLICABLE_MODEL_TYPES).map((t) => JSON.stringify(t)).join(', ');
    throw new Error(`data-parallel: cannot replicate a model with config.model_type ${JSON.stringify(type)} in a worker thread (supported: ${known})`);
  }
  const name = (model as object).constructor?.name;
  if (name !== cls) {
    throw new Error(
      `data-parallel: cannot replicate a ${name ?? typeof model} in a worker thread: config.model_type ${JSON.stringify(type)} is supported only as a plain ${cls} (LoRA and other wrappers are not)`,
    );
  }
  const config = JSON.parse(JSON.stringify(model.config)) as TransformerConfig;
  const overflow = model.onContextOverflow ?? 'error';
  return { kind: 'transformer', config, onContextOverflow: overflow };
}
