export { cachedKeyStatistics, fileFingerprint, type KeyStatisticsCacheOptions } from './key-statistics-cache';
export { readEditsFile } from './edits-file';
export { FACT_BASE_FILE, readFactBaseFile, saveFactModel } from './fact-model-dir';
