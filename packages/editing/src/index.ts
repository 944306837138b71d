/**
 * @ftheta/editing: locate and rewrite one fact inside f_θ, and measure what else changed — a
 * synthetic fact base and fact model, causal tracing, ROME, MEMIT, a fine-tuning baseline and the
 * CounterFact metrics (efficacy, paraphrase, neighbourhood, score).
 */
export * from './facts';
export * from './model';
export * from './rome';
export * from './locate';
export * from './finetune';
export * from './metrics';
