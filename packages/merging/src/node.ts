/** @ftheta/merging/node: everything in `.` plus streaming merges of checkpoint directories (Node only). */
export * from './index';
export { type MergeCheckpointsOptions, type MergeProgress, type MergeSummary, mergeCheckpoints } from './node/merge-checkpoints';
export { mergeRecipeFile, readRecipeFile } from './node/merge-recipe-file';
export { type ModelSource, openModelSource, resolveModelReference } from './node/model-source';
export { type LoraAdapter, type LoraFactors, readLoraAdapter } from './node/lora-adapter';
export { addLoraDelta, loraLayout } from './node/lora-delta';
