export { CharTokenizer, UNK_TOKEN, type CharTokenizerJson, type CharTokenizerOptions, type UnknownCharPolicy } from './char-tokenizer';
