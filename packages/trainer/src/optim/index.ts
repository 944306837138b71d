export { AdamW, type AdamWOptions, type AdamWState } from './adamw';
export { shouldDecay, type DecayGroupOptions } from './decay-groups';
export { constantLr, warmupCosine, type LrSchedule, type WarmupCosineOptions } from './warmup-cosine';
export { clipByGlobalNorm, type ClippedGradients } from './clip-by-global-norm';
export { GradAccumulator } from './grad-accumulator';
export { disposeNamed, type NamedTensors } from './named-tensors';
