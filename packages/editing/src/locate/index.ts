export { causalTrace, embeddingStd, type CausalTrace, type CausalTraceOptions, type TraceKind } from './causal-trace';
export { formatTraceTable } from './format-trace';
