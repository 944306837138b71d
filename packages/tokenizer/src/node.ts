/**
 * @ftheta/tokenizer/node: the same API plus helpers that read and write files (Node only).
 */
export * from './index';
export * from './node-files';
