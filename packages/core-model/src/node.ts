/** @ftheta/core-model/node: everything in `.` plus checkpoint directories on disk (Node only). */
export * from './index';
export * from './checkpoint/node-files';
