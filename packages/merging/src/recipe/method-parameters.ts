/**
 * What each merge method reads from a recipe, with mergekit's names, scopes, defaults and meanings
 * (mergekit/merge_methods/*.py): the table recipe validation, parameter lookup and `ftheta merge
 * --help` are built from.
 */
import type { MergeMethodName, ParameterValue } from './recipe-types';

/** One parameter of a method. */
export interface ParameterDef {
  name: string;
  /**
   * `global`: read from the recipe's top-level `parameters` only; `model`: read from the model's
   * own `parameters`, then the top-level `parameters` (mergekit's fallback).
   */
  scope: 'global' | 'model';
  kind: 'number' | 'boolean';
  /** Required for every model that is not the base (model scope) or once (global scope). */
  required?: boolean;
  default?: ParameterValue;
  /** For numbers: a range, as text for errors (`(0, 1]`), and its test. */
  range?: { text: string; test(v: number): boolean };
  /** mergekit's meaning, for help and the README. */
  doc: string;
  /** Accepted and ignored, with the reason (int8_mask: only changes the dtype of a boolean mask). */
  noEffect?: string;
}

/** A method's description. */
export interface MethodSpec {
  name: MergeMethodName;
  /** Paper (or reference) that defines it. */
  paper: string;
  summary: string;
  /** base_model required (every method but linear). */
  needsBase: boolean;
  /** Fewest / most input models, base included. */
  minInputs: number;
  maxInputs?: number;
  parameters: readonly ParameterDef[];
}

const weight: ParameterDef = { name: 'weight', scope: 'model', kind: 'number', required: true, range: { text: 'a finite number', test: Number.isFinite }, doc: "the model's weight wᵢ (negative subtracts its task vector)" };
const density: ParameterDef = {
  name: 'density',
  scope: 'model',
  kind: 'number',
  default: 1,
  range: { text: 'in (0, 1]', test: (v) => v > 0 && v <= 1 },
  doc: 'fraction of the task vector kept',
};
const lambda: ParameterDef = { name: 'lambda', scope: 'global', kind: 'number', default: 1, range: { text: 'a finite number', test: Number.isFinite }, doc: 'λ, scales the merged task vector before it is added to the base' };
const int8Mask: ParameterDef = {
  name: 'int8_mask',
  scope: 'global',
  kind: 'boolean',
  default: false,
  doc: 'store the sign mask as int8 (memory only)',
  noEffect: 'ftheta never materialises the mask, so the result is the same either way',
};

/** DARE's parameters (dare_linear and dare_ties differ only in what normalize divides by). */
function dareParameters(normalizeDoc: string): ParameterDef[] {
  return [
    weight,
    { ...density, doc: 'probability of keeping each task-vector entry' },
    lambda,
    normalize(false, normalizeDoc),
    { name: 'rescale', scope: 'global', kind: 'boolean', default: true, doc: 'multiply kept entries by 1/density' },
    int8Mask,
  ];
}
const normalize = (dflt: boolean, doc: string): ParameterDef => ({ name: 'normalize', scope: 'global', kind: 'boolean', default: dflt, doc });

/** The methods, by name. */
export const METHOD_SPECS: Readonly<Record<MergeMethodName, MethodSpec>> = {
  linear: {
    name: 'linear',
    paper: 'Wortsman et al. 2022, Model soups (arXiv:2203.05482)',
    summary: 'weighted average Σ wᵢθᵢ of all input models',
    needsBase: false,
    minInputs: 1,
    parameters: [weight, normalize(true, 'divide by Σ wᵢ (so weights need not sum to 1)')],
  },
  task_arithmetic: {
    name: 'task_arithmetic',
    paper: 'Ilharco et al. 2023, Editing Models with Task Arithmetic (arXiv:2212.04089)',
    summary: 'θ_base + λ·Σ wᵢ(θᵢ − θ_base)',
    needsBase: true,
    minInputs: 2,
    parameters: [weight, lambda, normalize(false, 'divide Σ wᵢτᵢ by Σ wᵢ'), int8Mask],
  },
  ties: {
    name: 'ties',
    paper: 'Yadav et al. 2023, TIES-Merging (arXiv:2306.01708)',
    summary: 'trim task vectors to the top density by magnitude, elect a sign per entry, average the agreeing entries',
    needsBase: true,
    minInputs: 2,
    parameters: [
      weight,
      { ...density, doc: 'fraction of largest-magnitude task-vector entries kept (trim)' },
      lambda,
      normalize(true, 'divide by the summed weights of the models agreeing with the elected sign (disjoint mean)'),
      int8Mask,
    ],
  },
  dare_linear: {
    name: 'dare_linear',
    paper: 'Yu et al. 2024, Language Models are Super Mario (DARE, arXiv:2311.03099)',
    summary: 'drop task-vector entries at random (keep with probability density), rescale by 1/density, add as task arithmetic',
    needsBase: true,
    minInputs: 2,
    parameters: dareParameters('divide by Σ wᵢ'),
  },
  dare_ties: {
    name: 'dare_ties',
    paper: 'Yu et al. 2024 (DARE, arXiv:2311.03099) with the sign election of TIES (arXiv:2306.01708)',
    summary: 'DARE drop and rescale, then TIES sign election and disjoint merge',
    needsBase: true,
    minInputs: 2,
    parameters: dareParameters('divide by the summed weights of the models agreeing with the elected sign'),
  },
  slerp: {
    name: 'slerp',
    paper: 'Shoemake 1985, Animating rotation with quaternion curves (spherical linear interpolation)',
    summary: 'spherical interpolation between base_model and one other model, per tensor (linear when nearly colinear, |cos| > 0.9995)',
    needsBase: true,
    minInputs: 2,
    maxInputs: 2,
    parameters: [{ name: 't', scope: 'global', kind: 'number', required: true, range: { text: 'in [0, 1]', test: (v) => v >= 0 && v <= 1 }, doc: 'interpolation factor: 0 is base_model, 1 the other model' }],
  },
  model_stock: {
    name: 'model_stock',
    paper: 'Jang, Yun and Han 2024, Model Stock (arXiv:2403.19522)',
    summary: 'θ_base + t·(mean θᵢ − θ_base), t = N·cos θ / (1 + (N − 1)·cos θ) from the mean angle between the fine-tuned offsets',
    needsBase: true,
    minInputs: 3,
    parameters: [{ name: 'filter_wise', scope: 'global', kind: 'boolean', default: false, doc: 'one angle per row (last axis) instead of per tensor' }],
  },
};

/** mergekit methods ftheta does not implement (refused with a clear message rather than "unknown"). */
export const UNSUPPORTED_MERGEKIT_METHODS: readonly string[] = [
  'passthrough',
  'nuslerp',
  'multislerp',
  'karcher',
  'arcee_fusion',
  'breadcrumbs',
  'breadcrumbs_ties',
  'della',
  'della_linear',
  'sce',
  'nearswap',
  'ram',
];
