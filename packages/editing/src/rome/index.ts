export { cholesky, choleskySolve, dot, transposeTimes } from './linalg';
export { keyStatistics, keyStatisticsAsync, solveWithStatistics, type KeyStatistics, type KeyStatisticsOptions } from './key-statistics';
export { contextPrefixes, type ContextPrefixOptions } from './context-prefixes';
export { targetValue, type TargetValue, type TargetValueOptions } from './target-value';
export { applyWeightDeltas, mlpProjName, type WeightDelta } from './weight-edit';
export { rankOneUpdate, romeEdit, type RomeEdit, type RomeOptions } from './rome';
export { batchKeyMap, memitEdit, memitLayerUpdate, type MemitEdit, type MemitOptions } from './memit';
export { MEMIT_DEFAULTS, memitDefaultLayers, ROME_DEFAULT_LAYER, STATS_DEFAULT_POSITIONS, VALUE_DEFAULTS } from './defaults';
