/** Data-parallel training over worker_threads (Node only): see {@link createDataParallel}. */
export { createDataParallel, type DataParallelEngine, type DataParallelOptions, type DataParallelStats } from './data-parallel';
export { shardRows, type Shard } from './shard-rows';
export { REPLICABLE_MODEL_TYPES, type ReplicaFactory, type ReplicaRegistration, type ReplicaRegistry } from './replica-spec';
