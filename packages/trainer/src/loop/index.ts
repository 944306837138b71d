export { train } from './train';
export type { EvalInfo, FinishReason, StepInfo, TrainCallbacks, TrainingSnapshot, TrainOptions, TrainResult } from './train-options';
export { parseTrainingState, serializeTrainingState, TRAINER_STATE_FORMAT, type TrainingState } from './training-state';
export { evaluate, type EvalResult } from './evaluate';
export { lossAndGrads, type LossAndGrads } from './loss-and-grads';
export type { LossFn } from './loss-fn';
export { batchTensors, type BatchTensors } from './batch-tensors';
export { formatDuration, ProgressMeter } from './progress';
export { assignParams } from './assign-params';
