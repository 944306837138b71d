export { cachedKeyStatistics, fileFingerprint, type KeyStatisticsCacheOptions } from './key-statistics-cache';
export { readEditsFile } from './edits-file';
export { readFactBaseFile, saveFactModel } from './fact-model-dir';
