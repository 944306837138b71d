/**
 * @ftheta/ssm: Mamba (v1) behind the CausalLM contract — config, selective scans (chunked for
 * training and prefill, recurrent for decoding), the model, its init and checkpoint loading.
 */
export * from './config';
export * from './scan';
export * from './model';
