/** Which architecture a checkpoint directory holds, from config.json's `model_type`. */
import { CliFailure } from '../errors';

/** The model types the CLI builds: "gpt2" (@ftheta/core-model's Transformer) and "mamba" (@ftheta/ssm's MambaModel). */
export const MODEL_TYPES = ['gpt2', 'mamba'] as const;

/** One of {@link MODEL_TYPES}. */
export type ModelType = (typeof MODEL_TYPES)[number];

/**
 * config.json's `model_type`. A config without one is read as "gpt2" (GPT-2 configs written before
 * the key existed; the Transformer's parser has always defaulted it).
 * @throws CliFailure naming `file` and the value when it is not one of {@link MODEL_TYPES}.
 */
export function checkpointModelType(config: Record<string, unknown>, file: string): ModelType {
  const type = config.model_type ?? 'gpt2';
  if (typeof type === 'string' && (MODEL_TYPES as readonly string[]).includes(type)) return type as ModelType;
  throw new CliFailure(`${file}: unknown model_type ${JSON.stringify(type)} (expected one of ${MODEL_TYPES.map((t) => JSON.stringify(t)).join(', ')})`);
}
