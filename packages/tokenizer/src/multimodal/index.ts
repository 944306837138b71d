export {
  MultimodalVocabulary,
  type ImageCodec,
  type MultimodalPart,
  type MultimodalVocabularyOptions,
} from './multimodal-vocabulary';
export { MARKERS as MULTIMODAL_MARKERS, type IdRange as MultimodalIdRange, type RangeName as MultimodalRangeName } from './id-layout';
