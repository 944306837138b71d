/** What a worker thread needs to rebuild a model: checks that it can, and says why not when it cannot. */
import type { CausalLM, HostTensor, TransformerConfig } from '@ftheta/core-model';
import type { ReplicaSpec } from './protocol';

/** The model classes a worker can rebuild without a registry, by `config.model_type`. */
export const REPLICABLE_MODEL_TYPES: Readonly<Record<string, string>> = { gpt2: 'Transformer' };

/**
 * A replica factory: builds a model of the same architecture over the given parameters (copies of
 * the main thread's, by checkpoint name). Called in the worker thread, on the main thread's backend.
 */
export type ReplicaFactory = (config: Record<string, unknown>, params: ReadonlyMap<string, HostTensor>) => CausalLM;

/**
 * How a worker builds one model type that @ftheta/trainer does not know: it runs
 * `(await import(module))[factory](config, params)`, a {@link ReplicaFactory}.
 */
export interface ReplicaRegistration {
  /**
   * What the worker imports. A bare specifier resolves from @ftheta/trainer's own location (where
   * the model's package is usually not installed), so pass a resolved one: a `file:` URL or an
   * absolute path of the package's ESM entry, e.g. `import.meta.resolve('@ftheta/ssm')`.
   */
  module: string;
  /** The named export of `module` that builds a replica. */
  factory: string;
  /**
   * The class the main thread's model must be (by constructor name) and the factory must return:
   * wrappers and subclasses, whose parameters or function differ, are refused.
   */
  className: string;
}

/** Model types a worker can build, by `config.model_type` (see {@link ReplicaRegistration}). */
export type ReplicaRegistry = Readonly<Record<string, ReplicaRegistration>>;

/**
 * Checks a registry given to createDataParallel.
 * @throws Error naming the entry and key at fault (a built-in type cannot be overridden).
 */
export function checkReplicaRegistry(registry: ReplicaRegistry): void {
  for (const [type, entry] of Object.entries(registry)) {
    if (type in REPLICABLE_MODEL_TYPES) throw new Error(`createDataParallel: replicas.${type}: model_type ${JSON.stringify(type)} is built in and cannot be registered`);
    for (const key of ['module', 'factory', 'className'] as const) {
      const value = (entry as unknown as Record<string, unknown> | null)?.[key];
      if (typeof value !== 'string' || value === '') throw new Error(`createDataParallel: replicas.${type}.${key} must be a non-empty string, got ${JSON.stringify(value)}`);
    }
  }
}

/**
 * The architecture of `model` as a worker rebuilds it: a plain `Transformer` of `@ftheta/core-model`
 * (config.model_type "gpt2"), or a plain instance of a registered model type's class, over exactly
 * its parameters. Anything else — another model_type, a wrapper such as the LoRA model (whose params
 * are an adapter over a frozen base), a subclass — is refused: a worker computing gradients of a
 * different function would be a silent error.
 * @throws Error naming the unsupported model_type or model class.
 */
export function replicaSpec(model: CausalLM, registry: ReplicaRegistry = {}): ReplicaSpec {
  const type = model.config?.model_type;
  const registered = Object.hasOwn(registry, type) ? registry[type] : undefined;
  const cls = Object.hasOwn(REPLICABLE_MODEL_TYPES, type) ? REPLICABLE_MODEL_TYPES[type] : registered?.className;
  if (cls === undefined) {
    const known = [...Object.keys(REPLICABLE_MODEL_TYPES), ...Object.keys(registry)].map((t) => JSON.stringify(t)).join(', ');
    throw new Error(
      `data-parallel: cannot replicate a model with config.model_type ${JSON.stringify(type)} in a worker thread (supported: ${known}; other types need an entry in createDataParallel's replicas)`,
    );
  }
  const name = (model as object).constructor?.name;
  if (name !== cls) {
    throw new Error(
      `data-parallel: cannot replicate a ${name ?? typeof model} in a worker thread: config.model_type ${JSON.stringify(type)} is supported only as a plain ${cls} (LoRA and other wrappers are not)`,
    );
  }
  const config = JSON.parse(JSON.stringify(model.config)) as Record<string, unknown>;
  if (!registered) return { kind: 'transformer', config: config as unknown as TransformerConfig, onContextOverflow: model.onContextOverflow ?? 'error' };
  return { kind: 'factory', modelType: type, module: registered.module, factory: registered.factory, className: registered.className, config };
}
