export { checkScanInputs, type ScanInputs, type ScanResult } from './scan-inputs';
export { sequentialScan } from './sequential-scan';
export { fusedScan, fusedScanAvailable } from './fused-scan';
export { chunkedScan, DEFAULT_CHUNK_SIZE, type ChunkedScanOptions } from './chunked-scan';
export { selectiveScan, type SelectiveScanOptions, type ScanMode } from './selective-scan';
