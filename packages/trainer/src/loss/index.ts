/** Losses: masked next-token cross-entropy with perplexity, and the masked-LM objective. */
export { crossEntropy, tokenNll, perplexity, EmptyMaskError, type TargetsInput, type MaskInput } from './cross-entropy';
export { maskedLmBatch, maskedLmLoss, type MaskedLmOptions } from './masked-lm';
export { BUILTIN_LOSSES, builtinLossName, type BuiltinLossName } from './builtin-losses';
