export { PreTokenizer, type PreTokenizerOptions, type PreTokenizerScanner, type ScanFunction } from './pre-tokenizer';
export { CL100K_PATTERN, GPT2_PATTERN, O200K_PATTERN, TIKTOKEN_CL100K_PATTERN } from './pattern-sources';
export { compilePattern, translatePattern } from './translate-pattern';
