/** @ftheta/core-model/node: everything in `.` plus checkpoint directories on disk (Node only). */
export * from './index';
export * from './checkpoint/node-files';
export * from './checkpoint/safetensors-file-reader';
export * from './checkpoint/safetensors-file-writer';
export { type FileToWrite, writeFilesAtomically } from './checkpoint/write-files-atomically';
