/**
 * The data-parallel replica factory of Mamba: what a @ftheta/trainer worker thread calls to rebuild
 * the main thread's MambaModel (registered by the caller, so the trainer never imports this package).
 */
import type { HostTensor } from '@ftheta/core-model';
import { parseMambaConfig } from '../config';
import { mambaFromWeights } from './from-weights';
import type { MambaModel } from './mamba-model';

/**
 * A plain {@link MambaModel} (default options: the same scans as a model built without options)
 * from a config as `model.config` holds it and the parameters by their HF names, every name and
 * shape checked. Register it with the trainer's data parallelism:
 *
 * ```ts
 * createDataParallel({ threads: 2, replicas: { mamba: { module: import.meta.resolve('@ftheta/ssm'), factory: 'mambaReplica', className: 'MambaModel' } } });
 * ```
 * @throws Error naming the config key, or CheckpointError naming the tensor at fault.
 */
export function mambaReplica(config: Record<string, unknown>, params: ReadonlyMap<string, HostTensor>): MambaModel {
  return mambaFromWeights(parseMambaConfig(config, 'data-parallel replica config'), params, { source: 'data-parallel replica parameters' });
}
