export type { CausalLM, ForwardResult, ModelConfig, ModelState } from './causal-lm';
export { ParamStore } from './param-store';
