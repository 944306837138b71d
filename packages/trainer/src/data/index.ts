/** Data: text to compact token arrays, and resumable batch sources (windows, packing, SFT, mixtures). */
export type { Batch, BatchSource, BatchSourceState, TokenArray } from './batch';
export { tokenizeCorpus, safeBoundaryAfter, type TokenizeCorpusOptions } from './tokenize-corpus';
export { splitTrainVal } from './split-train-val';
export { randomWindows, type RandomWindowsOptions } from './random-windows';
export { packedSequences, type PackedSequencesOptions } from './packed-sequences';
export { sftExamples, type SftExamplesOptions, type SftPair } from './sft-examples';
export { mixture, type MixtureComponent, type MixtureOptions } from './mixture';
export { orderedWindows, type OrderedWindows, type OrderedWindowsOptions } from './ordered-windows';
export { maskedLmSource, type MaskedLmSourceOptions } from './masked-lm-source';
