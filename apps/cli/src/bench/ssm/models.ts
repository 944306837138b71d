/**
 * The two architectures the ssm scenario compares, built at (about) the same parameter count:
 * a Transformer with RoPE (no learned positions, so it runs at any context the bench asks for)
 * and a Mamba whose depth is chosen to match the Transformer's parameters.
 */
import { countParameters, initTransformer, parseTransformerConfig, type CausalLM } from '@ftheta/core-model';
import { countMambaParameters, initMamba, parseMambaConfig } from '@ftheta/ssm';

/** Width, depth and vocabulary of the pair. */
export interface PairShape {
  /** Model width (n_embd = hidden_size). */
  width: number;
  /** Transformer layers; Mamba gets as many as matches the parameter count. */
  transformerLayers: number;
  heads: number;
  vocab: number;
  /** Longest context the Transformer must accept (its n_positions; RoPE has no table to grow). */
  maxContext: number;
  seed: number;
}

/** One model of the pair, with its parameter count. */
export interface BenchModel {
  arch: 'transformer' | 'mamba';
  model: CausalLM;
  parameters: number;
  layers: number;
}

export function transformerOf(s: PairShape): BenchModel {
  const config = parseTransformerConfig({
    model_type: 'gpt2',
    vocab_size: s.vocab,
    n_positions: s.maxContext,
    n_embd: s.width,
    n_layer: s.transformerLayers,
    n_head: s.heads,
    position_embedding_type: 'rope',
  });
  return { arch: 'transformer', model: initTransformer(config, { seed: s.seed }), parameters: countParameters(config), layers: s.transformerLayers };
}

/** Initial Δ range of a Mamba (config `time_step_min` / `time_step_max`; the defaults are 0.001 / 0.1). */
export interface TimeStepInit {
  min: number;
  max: number;
}

/**
 * A Mamba (hidden = width, N 16, expand 2) with `layers` layers, or with the depth that brings its
 * parameters closest to `parameters`; `timeStep` overrides the initial Δ range.
 */
export function mambaOf(s: PairShape, size: { layers: number } | { parameters: number }, timeStep?: TimeStepInit): BenchModel {
  const dt = timeStep ? { time_step_min: timeStep.min, time_step_max: timeStep.max } : {};
  const configFor = (layers: number) => parseMambaConfig({ hidden_size: s.width, num_hidden_layers: layers, vocab_size: s.vocab, state_size: 16, expand: 2, ...dt });
  let layers = 'layers' in size ? size.layers : 1;
  const target = 'parameters' in size ? size.parameters : 0;
  while ('parameters' in size && Math.abs(countMambaParameters(configFor(layers + 1)) - target) < Math.abs(countMambaParameters(configFor(layers)) - target)) layers++;
  const config = configFor(layers);
  return { arch: 'mamba', model: initMamba(config, { seed: s.seed }), parameters: countMambaParameters(config), layers };
}

/** The Transformer and the Mamba of `shape`, at about equal parameter counts. */
export function modelPair(shape: PairShape): [BenchModel, BenchModel] {
  const t = transformerOf(shape);
  return [t, mambaOf(shape, { parameters: t.parameters })];
}
