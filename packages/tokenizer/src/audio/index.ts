export { muLawCompress, muLawExpand } from './mu-law';
export { MuLawTokenizer, type MuLawTokenizerOptions } from './mu-law-tokenizer';
export { parseWav } from './parse-wav';
export { encodeWav, type WavInput } from './encode-wav';
export type { WavAudio } from './wav-format';
export { segmentalSnrDb, snrDb, type SegmentalSnrOptions } from './signal-quality';
