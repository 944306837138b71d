/** @ftheta/trainer/node: everything in `.` plus training checkpoints on disk (Node only). */
export * from './index';
export * from './loop/node-files';
export * from './lora/node-files';
export * from './parallel';
