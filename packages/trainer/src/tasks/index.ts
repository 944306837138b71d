/** Synthetic tasks of the state-space-model papers, generated in code, and their accuracy. */
export { inductionHeads, INDUCTION_TRIGGER, type InductionHeadsOptions } from './induction-heads';
export { selectiveCopying, SELECTIVE_COPY_MARKER, SELECTIVE_COPY_NOISE, type SelectiveCopyingOptions } from './selective-copying';
export { associativeRecall, type AssociativeRecallOptions } from './associative-recall';
export { maskedAccuracy, type MaskedAccuracy } from './masked-accuracy';
export * from './instruction';
