/**
 * What a LoRA adapter is (rank, alpha, target modules, dropout) and which linear layers of a
 * Transformer it adapts. Names follow PEFT: a module is a parameter name without `.weight`
 * (`transformer.h.0.attn.c_attn`), and a target matches a module as in PEFT's `check_target_module_exists`:
 * a list entry matches the module equal to it or ending in `.entry`; a single string is a regular
 * expression that must match the whole module name.
 */
import { parameterShapes, type TransformerConfig } from '@ftheta/core-model';

/** How lora_A starts (lora_B always starts at zero, so a fresh adapter changes nothing). */
export type LoraInit = 'kaiming-uniform' | 'gaussian';

/** A validated adapter description (ftheta's names; PEFT's are in adapter-files.ts). */
export interface LoraConfig {
  /** Rank r: A is [r, in], B is [out, r]. */
  r: number;
  /** lora_alpha: the update is scaled by alpha / r (alpha / √r with `useRslora`). */
  alpha: number;
  /** PEFT's target_modules: module suffixes (list) or one full-match regular expression (string). */
  targetModules: string[] | string;
  /**
   * lora_dropout p in [0, 1): in training mode the adapter path sees dropout_p(x) (inverted: kept
   * inputs × 1/(1−p)), as in PEFT; eval mode (the default, and all inference) never drops.
   */
  dropout: number;
  /** Rank-stabilised scaling alpha / √r (PEFT's use_rslora). */
  useRslora: boolean;
  /** The base checkpoint's name or path (PEFT's base_model_name_or_path), or null. */
  baseModelNameOrPath: string | null;
}

/** Options of {@link createLora}; defaults are PEFT's (r 8, lora_alpha 8, target c_attn for GPT-2). */
export interface LoraOptions {
  r?: number;
  alpha?: number;
  targetModules?: string[] | string;
  dropout?: number;
  useRslora?: boolean;
  baseModelNameOrPath?: string | null;
}

/** One adapted linear layer: its module name and base weight shape [in, out] (Conv1D layout). */
export interface LoraTarget {
  module: string;
  inFeatures: number;
  outFeatures: number;
}

/** Fills PEFT's defaults and validates; errors name the option and its value. */
export function resolveLoraConfig(options: LoraOptions): LoraConfig {
  const { r = 8, targetModules = ['c_attn'], dropout = 0, useRslora = false, baseModelNameOrPath = null } = options;
  if (!(Number.isSafeInteger(r) && r > 0)) throw new RangeError(`LoRA: r must be a positive integer, got ${r}`);
  const alpha = options.alpha ?? r;
  if (!(typeof alpha === 'number' && Number.isFinite(alpha) && alpha > 0)) throw new RangeError(`LoRA: alpha must be a finite number > 0, got ${alpha}`);
  if (!(typeof dropout === 'number' && dropout >= 0 && dropout < 1)) throw new RangeError(`LoRA: dropout must be in [0, 1), got ${dropout}`);
  if (typeof targetModules === 'string') {
    if (targetModules === '') throw new RangeError('LoRA: targetModules is an empty string');
  } else if (!Array.isArray(targetModules) || targetModules.length === 0 || !targetModules.every((t) => typeof t === 'string' && t !== '')) {
    throw new RangeError(`LoRA: targetModules must be a non-empty list of module names or a regular expression, got ${JSON.stringify(targetModules)}`);
  }
  return { r, alpha, targetModules, dropout, useRslora: Boolean(useRslora), baseModelNameOrPath };
}

/** The factor s of W' = W + s·ΔW: alpha / r, or alpha / √r with rsLoRA. */
export function loraScaling(config: Pick<LoraConfig, 'r' | 'alpha' | 'useRslora'>): number {
  return config.useRslora ? config.alpha / Math.sqrt(config.r) : config.alpha / config.r;
}

/**
 * The linear layers LoRA may adapt: every `.weight` of role linear / residual-linear except
 * `lm_head` (stored [V, C], not Conv1D, and tied to the embeddings in GPT-2).
 */
export function adaptableModules(config: TransformerConfig): LoraTarget[] {
  return parameterShapes(config)
    .filter((s) => (s.role === 'linear' || s.role === 'residual-linear') && s.name !== 'lm_head.weight')
    .map((s) => ({ module: s.name.slice(0, -'.weight'.length), inFeatures: s.shape[0]!, outFeatures: s.shape[1]! }));
}

/**
 * The modules `targetModules` selects, in parameter order.
 * @throws RangeError naming a list entry that matches no module (or a regular expression matching
 *   none), with the module names that are available.
 */
export function resolveTargets(config: TransformerConfig, targetModules: string[] | string): LoraTarget[] {
  const all = adaptableModules(config);
  const available = () => {
    const leaves = [...new Set(all.map((t) => t.module.split('.').slice(-2).join('.')))];
    return `available: ${[...new Set(leaves.map((l) => l.split('.').pop()!))].join(', ')} (or ${leaves.join(', ')}, or full names such as ${all[0]?.module})`;
  };
  if (typeof targetModules === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${targetModules})$`);
    } catch (err) {
      throw new RangeError(`LoRA: targetModules ${JSON.stringify(targetModules)} is not a valid regular expression (${(err as Error).message})`);
    }
    const hit = all.filter((t) => re.test(t.module));
    if (hit.length === 0) throw new RangeError(`LoRA: targetModules regular expression ${JSON.stringify(targetModules)} matches no module; ${available()}`);
    return hit;
  }
  const matches = (module: string, key: string) => module === key || module.endsWith(`.${key}`);
  for (const key of targetModules) {
    if (!all.some((t) => matches(t.module, key))) throw new RangeError(`LoRA: target module "${key}" matches no linear layer of this model; ${available()}`);
  }
  return all.filter((t) => targetModules.some((key) => matches(t.module, key)));
}
