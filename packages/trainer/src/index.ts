/**
 * @ftheta/trainer: find θ that gives the right next token the highest probability — data to
 * batches, losses, AdamW with schedules and clipping, the training loop with evaluation,
 * checkpoints and exact resume.
 */
export * from './data';
export * from './loss';
export * from './optim';
export * from './loop';
export * from './lora';
export * from './forgetting';
export * from './tasks';
