export { applyProcessors, type LogitsProcessor, type ProcessorContext } from './logits-processor';
export { temperatureProcessor } from './temperature';
export { topKProcessor, kthLargest } from './top-k';
export { topPProcessor } from './top-p';
export { minPProcessor } from './min-p';
export { repetitionPenaltyProcessor } from './repetition-penalty';
export { suppressTokensProcessor } from './suppress-tokens';
export { logSoftmaxAt, softmax } from './softmax';
