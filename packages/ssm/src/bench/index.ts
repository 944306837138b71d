export {
  type DecodeCostDriver,
  type DecodeCostEvent,
  type DecodeCostOptions,
  type DecodePoint,
  decodeCostSteps,
  measureDecodeCost,
  measureDecodeCostAsync,
} from './decode-cost';
