/**
 * The model types `ftheta train --threads` replicates in data-parallel workers beyond the
 * Transformer: Mamba, whose worker imports @ftheta/ssm's `mambaReplica` (the trainer itself never
 * depends on @ftheta/ssm).
 */
import type { ReplicaRegistry } from '@ftheta/trainer/node';

/**
 * `createDataParallel`'s `replicas` for the CLI. The module is resolved here (the CLI depends on
 * @ftheta/ssm; the worker, running @ftheta/trainer's script, could not resolve the bare name).
 */
export function cliReplicaRegistry(): ReplicaRegistry {
  return { mamba: { module: import.meta.resolve('@ftheta/ssm'), factory: 'mambaReplica', className: 'MambaModel' } };
}
