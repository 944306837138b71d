export { MAMBA_DEFAULTS, type MambaConfig, type TimeStepInitScheme } from './mamba-config';
export { MAMBA_CONFIG_ALIASES, parseMambaConfig } from './parse-mamba-config';
export { countMambaParameters, mambaParameterShapes, type MambaParameterRole, type MambaParameterSpec } from './parameter-shapes';
