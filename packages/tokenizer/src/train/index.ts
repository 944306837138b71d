export { trainBpe, trainBpeAsync } from './train-bpe';
export type { TrainBpeOptions, TrainProgress } from './train-options';
export { TrainingAbortedError } from './training-aborted-error';
