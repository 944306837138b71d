export { isTiktokenEncodingName, TIKTOKEN_ENCODING_NAMES, type TiktokenEncodingName, tiktokenEncodingForModel } from './encoding-names';
export { type JsTiktokenRanks, specFromJsTiktokenRanks } from './js-tiktoken-ranks';
export { loadTiktokenEncoding, loadTiktokenSpec } from './load-tiktoken-encoding';
export { formatTiktokenFile, parseTiktokenFile, type TiktokenFileOptions } from './parse-tiktoken-file';
