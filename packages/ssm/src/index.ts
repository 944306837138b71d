/**
 * @ftheta/ssm: Mamba (v1) behind the CausalLM contract — config, selective scans (chunked for
 * training and prefill, recurrent for decoding), the model, its init and checkpoint loading, and
 * the decode-cost measurement that compares it with a Transformer.
 */
export * from './config';
export * from './scan';
export * from './model';
export * from './bench';
