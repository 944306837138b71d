export { MambaModel, type MambaOptions } from './mamba-model';
export { MambaState, type MambaLayerState } from './mamba-state';
export { mambaMixer, type MixerDims, type MixerWeights } from './mixer';
export { initMamba, type InitMambaOptions } from './init-mamba';
export { type CheckedMambaWeights, checkMambaWeights, mambaFromWeights, type MambaFromWeightsOptions } from './from-weights';
export { mambaFromCheckpoint } from './from-checkpoint';
export { mambaReplica } from './mamba-replica';
