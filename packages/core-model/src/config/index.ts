export {
  innerSize,
  TRANSFORMER_DEFAULTS,
  type ContextOverflow,
  type GeluActivation,
  type MlpType,
  type NormType,
  type PositionEmbeddingType,
  type TransformerConfig,
} from './transformer-config';
export { CONFIG_ALIASES, parseTransformerConfig } from './parse-transformer-config';
export { parameterShapes, type ParameterRole, type ParameterSpec } from './parameter-shapes';
export { countParameters, formatParameterCount } from './count-parameters';
