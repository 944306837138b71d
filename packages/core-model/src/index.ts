/**
 * @ftheta/core-model: the CausalLM contract, the Transformer, generate() and test-time scaling,
 * and Hugging Face checkpoints.
 */
export * from './contract';
export * from './config';
export * from './transformer';
export * from './checkpoint';
export * from './generate';
export * from './scaling';
