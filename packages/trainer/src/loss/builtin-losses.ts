/**
 * The built-in losses by name, so a loss can be chosen where a function cannot travel: a worker
 * thread (data parallelism), a run file. The name rides on the function itself under a global
 * symbol, so it survives the separate copies that `@ftheta/trainer` and `@ftheta/trainer/node`
 * (and their ESM and CJS builds) each bundle.
 */
import type { LossFn } from '../loop/loss-fn';
import { crossEntropy } from './cross-entropy';
import { maskedLmLoss } from './masked-lm';

const NAME = Symbol.for('@ftheta/trainer/loss-name');

/** Names of the built-in losses. */
export type BuiltinLossName = 'cross-entropy' | 'masked-lm';

/** The built-in losses: next-token cross-entropy (the loop's default) and the encoder's masked-LM loss. */
export const BUILTIN_LOSSES: Readonly<Record<BuiltinLossName, LossFn>> = { 'cross-entropy': crossEntropy, 'masked-lm': maskedLmLoss };

for (const [name, fn] of Object.entries(BUILTIN_LOSSES)) Object.defineProperty(fn, NAME, { value: name });

/** The name of a built-in loss (any copy of it), or undefined for any other function. */
export function builtinLossName(fn: LossFn): BuiltinLossName | undefined {
  const name = (fn as unknown as Record<symbol, unknown>)[NAME];
  return typeof name === 'string' && name in BUILTIN_LOSSES ? (name as BuiltinLossName) : undefined;
}
