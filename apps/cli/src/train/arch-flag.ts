/** `ftheta train --arch`: which architecture a run trains from scratch. */
import { UsageError } from '../errors';
import type { ModelType } from '../model/model-type';

/** The architectures `--arch` takes: a GPT-2 style Transformer or Mamba (@ftheta/ssm). */
export const TRAIN_ARCHS = ['transformer', 'mamba'] as const;

/** One of {@link TRAIN_ARCHS}. */
export type TrainArch = (typeof TRAIN_ARCHS)[number];

/** Parses `--arch` (undefined stays undefined: the run's, the checkpoint's, or "transformer"). */
export function parseArchFlag(value: string | undefined): TrainArch | undefined {
  if (value === undefined) return undefined;
  if ((TRAIN_ARCHS as readonly string[]).includes(value)) return value as TrainArch;
  throw new UsageError(`--arch ${JSON.stringify(value)}: expected one of ${TRAIN_ARCHS.join(', ')}`);
}

/** The architecture of a checkpoint's model_type ("gpt2" is the Transformer). */
export function archOfModelType(type: ModelType): TrainArch {
  return type === 'mamba' ? 'mamba' : 'transformer';
}
