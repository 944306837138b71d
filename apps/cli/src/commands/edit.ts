/**
 * `ftheta edit`: rewrite facts inside a GPT-2 checkpoint without training it, and save the edited
 * copy. One edit (--subject, --relation-prompt, --target) with ROME (a rank-one update of one
 * layer's MLP output matrix, the default) or plain fine-tuning of that matrix (--method ft, the
 * baseline); many edits (--batch edits.json) with MEMIT, spread over --layers. ROME and MEMIT need
 * the key statistics of the edited layers (cached on disk per model, layer and text; see
 * ../editing/key-statistics-source.ts) and keep the subject's other facts where the model comes
 * with fact-base.json (../editing/keep-prompts.ts). The model's answer before and after goes to
 * stdout, progress to stderr; --out gets a normal checkpoint plus edit.json.
 */
import path from 'node:path';
import { initBackend } from '@ftheta/backend';
import {
  applyWeightDeltas,
  contextPrefixes,
  type EditRequest,
  type FactBase,
  finetuneEdit,
  type KeyStatistics,
  MEMIT_DEFAULTS,
  memitDefaultLayers,
  memitEdit,
  promptAndTarget,
  ROME_DEFAULT_LAYER,
  romeEdit,
  STATS_DEFAULT_POSITIONS,
  subjectTokens,
  type TargetValue,
  VALUE_DEFAULTS,
  type WeightDelta,
} from '@ftheta/editing';
import { cachedKeyStatistics, fileFingerprint, readFactBaseFile } from '@ftheta/editing/node';
import type { Tokenizer } from '@ftheta/tokenizer';
import { type Command, Option } from 'commander';
import { CliFailure, UsageError } from '../errors';
import type { CliIo } from '../io';
import { requestFromFlags, requestsFromFile } from '../editing/edit-requests';
import { keepPrompts } from '../editing/keep-prompts';
import { statsCacheDir, statsText } from '../editing/key-statistics-source';
import { parseLayer, parseLayers } from '../editing/layers-flag';
import { loadGpt2Dir } from '../editing/load-gpt2-dir';
import { formatPromptAnswer, type PromptAnswer, promptAnswer } from '../editing/prompt-answer';
import { EDIT_FILE, saveEditedModel } from '../editing/save-edited-model';
import { positiveIntFlag, seedFlag } from './train';

/** The edit methods: ROME and the fine-tuning baseline take one edit, MEMIT a batch. */
export const EDIT_METHODS = ['rome', 'ft', 'memit'] as const;
export type EditMethod = (typeof EDIT_METHODS)[number];

/** The fine-tuning baseline's Adam steps and learning rate (finetuneEdit's defaults, ROME's FT). */
export const FT_DEFAULTS = { steps: 25, lr: 5e-4 } as const;

/** Options of `ftheta edit` (the flags, as commander gives them). */
export interface EditCommandOptions {
  model?: string;
  out?: string;
  subject?: string;
  relationPrompt?: string;
  target?: string;
  batch?: string;
  method?: string;
  layer?: string;
  layers?: string;
  lambda?: string;
  kl?: string;
  steps?: string;
  statsData?: string;
  statsCache?: string;
  statsPositions?: string;
  seed?: string;
}

/** What `ftheta edit` did (also written as edit.json). */
export interface EditSummary {
  method: EditMethod;
  layers: number[];
  tensors: string[];
  requests: { request: EditRequest; before: PromptAnswer; after: PromptAnswer; keep: string[]; search?: Pick<TargetValue, 'nllBefore' | 'nllAfter' | 'steps'> }[];
}

/** The flags that need no model, checked up front (so mistakes cost no loading). */
interface EditPlan {
  method: EditMethod;
  requests: EditRequest[];
  out: string;
  steps?: number;
  /** KL weight of the value search (rome/memit). */
  klFactor?: number;
  lambda: number;
  positions: number;
  seed: number;
}

function numberFlag(flag: string, value: string | undefined, allowZero: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const ok = allowZero ? n >= 0 : n > 0;
  if (value.trim() === '' || !ok || !Number.isFinite(n)) throw new UsageError(`${flag} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${JSON.stringify(value)}`);
  return n;
}
const positiveNumberFlag = (flag: string, value: string | undefined) => numberFlag(flag, value, false);

async function planEdit(o: EditCommandOptions): Promise<EditPlan> {
  if (!o.model) throw new UsageError('--model DIR is required (the GPT-2 checkpoint to edit)');
  if (!o.out) throw new UsageError('--out DIR is required (where the edited checkpoint goes)');
  if (path.resolve(o.out) === path.resolve(o.model)) throw new UsageError(`--out ${o.out} is the --model directory; write the edited model elsewhere`);
  if (o.method !== undefined && !(EDIT_METHODS as readonly string[]).includes(o.method)) throw new UsageError(`--method must be one of ${EDIT_METHODS.join(', ')}, got ${JSON.stringify(o.method)}`);
  const method = (o.method ?? (o.batch !== undefined ? 'memit' : 'rome')) as EditMethod;
  if (o.batch !== undefined) {
    for (const [flag, v] of [['--subject', o.subject], ['--relation-prompt', o.relationPrompt], ['--target', o.target]] as const) {
      if (v !== undefined) throw new UsageError(`${flag} describes a single edit; with --batch every edit comes from the file`);
    }
    if (method !== 'memit') throw new UsageError(`--method ${method} takes one edit (--subject, --relation-prompt, --target); --batch edits.json uses memit`);
  }
  if (method === 'memit') {
    if (o.layer !== undefined) throw new UsageError('--layer is for rome and ft; MEMIT spreads its edits over --layers (e.g. --layers 0,1)');
  } else {
    if (method === 'ft') {
      for (const [flag, v] of [['--stats-data', o.statsData], ['--stats-cache', o.statsCache], ['--stats-positions', o.statsPositions], ['--seed', o.seed], ['--kl', o.kl]] as const) {
        if (v !== undefined) throw new UsageError(`${flag} is for rome and memit; --method ft fine-tunes on the bare prompt and needs no key statistics, context prefixes or value search`);
      }
    }
    if (o.layers !== undefined) throw new UsageError(`--layers is for MEMIT (--batch edits.json or --method memit); --method ${method} edits one --layer`);
    if (o.lambda !== undefined) throw new UsageError('--lambda is for MEMIT (--batch edits.json or --method memit)');
  }
  const steps = positiveIntFlag('--steps', o.steps);
  const klFactor = numberFlag('--kl', o.kl, true);
  const lambda = positiveNumberFlag('--lambda', o.lambda) ?? MEMIT_DEFAULTS.mom2Weight;
  const positions = positiveIntFlag('--stats-positions', o.statsPositions) ?? STATS_DEFAULT_POSITIONS;
  const seed = seedFlag(o.seed, 1);
  const requests = o.batch !== undefined ? await requestsFromFile(o.batch) : [requestFromFlags(o)];
  return { method, requests, out: o.out, steps, klFactor, lambda, positions, seed };
}

/** The edited layers, checked against the model's depth. */
function editLayers(o: EditCommandOptions, method: EditMethod, nLayer: number): number[] {
  if (method === 'ft') return [parseLayer('--layer', o.layer ?? String(ROME_DEFAULT_LAYER), nLayer - 1, `the model has layers 0..${nLayer - 1}`)];
  if (nLayer < 2) throw new UsageError(`--method ${method} needs a model of at least 2 layers (the value is written below the last), this one has ${nLayer}`);
  const why = `the model has ${nLayer} layers, and ${method === 'rome' ? 'ROME' : 'MEMIT'} writes below the last one (0..${nLayer - 2})`;
  if (method === 'rome') return [parseLayer('--layer', o.layer ?? String(ROME_DEFAULT_LAYER), nLayer - 2, why)];
  return parseLayers(o.layers ?? memitDefaultLayers(nLayer).join(','), nLayer - 2, why);
}

/** Each request must tokenize with the subject as a run of tokens and the target after the prompt. */
function checkTokens(tokenizer: Tokenizer, requests: readonly EditRequest[], where: (i: number) => string): void {
  requests.forEach((r, i) => {
    try {
      subjectTokens(tokenizer, r.prompt, r.subject);
      promptAndTarget(tokenizer, r.prompt, r.target);
    } catch (err) {
      throw new UsageError(`${where(i)}: ${(err as Error).message}`, { cause: err });
    }
  });
}

/** Runs the edit and writes --out (see the module). */
export async function editCommand(o: EditCommandOptions, io: CliIo): Promise<EditSummary> {
  const plan = await planEdit(o);
  const { method, requests } = plan;
  await initBackend({ prefer: 'auto', onWarning: () => {} });
  const source = await loadGpt2Dir(o.model, 'editing');
  const { model, tokenizer } = source;
  let undo: (() => void) | undefined;
  try {
    const layers = editLayers(o, method, model.config.n_layer);
    checkTokens(tokenizer, requests, (i) => (o.batch !== undefined ? `--batch ${o.batch}: edit ${i + 1}` : 'edit'));
    const fact = await readFactBaseFile(source.dir).catch((err: Error) => {
      throw new CliFailure(err.message, { cause: err });
    });
    const base: FactBase | null = fact?.base ?? null;
    const keep = requests.map((r) => keepPrompts(base, r));
    // ROME and MEMIT need text for the key statistics: a missing one is reported before any work.
    const text = method === 'ft' ? null : await statsText(o.statsData, fact, tokenizer);
    const before: PromptAnswer[] = [];
    for (const r of requests) {
      before.push(await promptAnswer(model, tokenizer, r));
      io.out(formatPromptAnswer('before', r, before.at(-1)!));
    }

    const valueOptions = { ...VALUE_DEFAULTS, steps: plan.steps ?? VALUE_DEFAULTS.steps, klFactor: plan.klFactor ?? VALUE_DEFAULTS.klFactor };
    let deltas: WeightDelta[];
    let searches: (TargetValue | undefined)[] = [];
    let hyper: Record<string, unknown>;
    if (method === 'ft') {
      const ft = { layer: layers[0]!, steps: plan.steps ?? FT_DEFAULTS.steps, lr: FT_DEFAULTS.lr };
      io.err(`fine-tuning ${ft.steps} Adam steps of layer ${ft.layer}'s mlp.c_proj on the prompt (lr ${ft.lr})\n`);
      const e = finetuneEdit(model, tokenizer, requests[0]!, ft);
      io.err(`target NLL per token ${e.nllBefore.toFixed(3)} -> ${e.nllAfter.toFixed(3)} in ${e.steps} steps\n`);
      deltas = e.deltas;
      hyper = { steps: ft.steps, lr: ft.lr };
    } else {
      const { tokens, source: textSource } = text!;
      const cacheDir = statsCacheDir(o.statsCache);
      const modelFingerprint = await fileFingerprint(path.join(source.dir, 'model.safetensors'));
      const stats = new Map<number, KeyStatistics>();
      for (const layer of layers) {
        io.err(`key statistics of layer ${layer}: ${tokens.length} tokens of ${textSource}...\n`);
        stats.set(layer, await cachedKeyStatistics(model, tokens, { layer, positions: plan.positions, cacheDir, modelFingerprint, onInfo: (m) => io.err(`${m}\n`) }));
      }
      const contexts = await contextPrefixes(model, tokenizer, { seed: plan.seed });
      io.err(`context prefixes: ${contexts.length} (${contexts.slice(1, 3).map((c) => JSON.stringify(c)).join(', ')}, ...)\n`);
      for (const [i, k] of keep.entries()) io.err(`keep (KL) for edit ${i + 1}: ${k.length ? k.map((p) => JSON.stringify(p)).join(', ') : 'none (subject not in a fact base)'}\n`);
      const common = { ...valueOptions, contexts };
      hyper = { ...valueOptions, contexts: contexts.length, seed: plan.seed, statistics: { text: textSource, tokens: tokens.length, positions: plan.positions, count: Object.fromEntries([...stats].map(([l, s]) => [l, s.count])) } };
      if (method === 'rome') {
        io.err(`ROME at layer ${layers[0]}: searching the value (up to ${valueOptions.steps} steps)\n`);
        const e = romeEdit(model, tokenizer, requests[0]!, stats.get(layers[0]!)!, { ...common, layer: layers[0]!, keep: keep[0] });
        io.err(`target NLL per token ${e.value.nllBefore.toFixed(3)} -> ${e.value.nllAfter.toFixed(3)} in ${e.value.steps} steps (with the value written in)\n`);
        deltas = e.deltas;
        searches = [e.value];
      } else {
        io.err(`MEMIT over layers ${layers.join(', ')} (lambda ${plan.lambda}): ${requests.length} edit${requests.length === 1 ? '' : 's'}\n`);
        const e = memitEdit(model, tokenizer, requests, stats, { ...common, layers, mom2Weight: plan.lambda, keepFor: (_, i) => keep[i]!, onProgress: (m) => io.err(`  ${m}\n`) });
        deltas = e.deltas;
        searches = e.values;
        hyper = { ...hyper, mom2Weight: plan.lambda };
      }
    }

    undo = applyWeightDeltas(model, deltas);
    const summary: EditSummary = { method, layers, tensors: deltas.map((d) => d.name), requests: [] };
    for (const [i, r] of requests.entries()) {
      const after = await promptAnswer(model, tokenizer, r);
      io.out(formatPromptAnswer('after', r, after));
      const s = searches[i];
      summary.requests.push({ request: r, before: before[i]!, after, keep: keep[i]!, ...(s ? { search: { nllBefore: s.nllBefore, nllAfter: s.nllAfter, steps: s.steps } } : {}) });
    }
    await saveEditedModel(plan.out, source, model, summary.tensors, { format: 'ftheta-edit', model: path.resolve(source.dir), ...summary, hyperParameters: hyper });
    io.out(`edited ${summary.tensors.join(', ')} with ${method.toUpperCase()}; wrote ${plan.out} (with ${EDIT_FILE})\n`);
    return summary;
  } finally {
    undo?.();
    model.dispose();
  }
}

/** Adds `edit` to the program. */
export function registerEditCommand(program: Command, io: CliIo): void {
  program
    .command('edit')
    .description('rewrite facts inside a GPT-2 checkpoint without training (ROME, MEMIT, or the fine-tuning baseline) and save the edited copy')
    .requiredOption('--model <dir>', 'the GPT-2 checkpoint directory to edit (with tokenizer.json; e.g. from `ftheta facts`)')
    .requiredOption('--out <dir>', 'where the edited checkpoint goes (not --model): every tensor, config.json, tokenizer.json, fact-base.json, edit.json')
    .option('--subject <text>', 'one edit: the subject, as written in the prompt')
    .option('--relation-prompt <text>', 'one edit: the question, with "{}" where the subject goes or the subject written out, e.g. "{} was born in"')
    .option('--target <text>', 'one edit: the new answer (it follows the prompt after one space)')
    .option('--batch <file>', 'many edits with MEMIT: a JSON array of { "subject", "prompt", "target" }')
    .addOption(new Option('--method <method>', 'rome (default for one edit), ft (fine-tune the same matrix: the baseline) or memit (default with --batch)').choices(EDIT_METHODS as unknown as string[]))
    .option('--layer <l>', `rome/ft: the layer whose mlp.c_proj is rewritten (default ${ROME_DEFAULT_LAYER}; \`ftheta trace --kind mlp\` shows where facts live)`)
    .option('--layers <list>', `memit: the layers to spread the edits over, e.g. 0,1 or 0-2 (default ${MEMIT_DEFAULTS.layers.join(',')}, those below the model's last layer)`)
    .option('--lambda <x>', `memit: weight of the key statistics against the new keys (default ${MEMIT_DEFAULTS.mom2Weight})`)
    .option('--kl <w>', `rome/memit: weight of the KL term that keeps what the model says about the subject's other prompts (default ${VALUE_DEFAULTS.klFactor}, ROME's; higher keeps more of them and reaches the target less often)`)
    .option('--steps <n>', `Adam steps of the value search (rome/memit, default ${VALUE_DEFAULTS.steps}) or of fine-tuning (ft, default ${FT_DEFAULTS.steps})`)
    .option('--stats-data <file>', 'text like the model\'s training data, for the key statistics (default: the fact base\'s text when --model has fact-base.json)')
    .option('--stats-cache <dir>', 'where key statistics are cached (default $XDG_CACHE_HOME/ftheta/edit-stats or ~/.cache/ftheta/edit-stats)')
    .option('--stats-positions <n>', `token positions the key statistics average over (default ${STATS_DEFAULT_POSITIONS})`)
    .option('--seed <s>', 'seed of the context prefixes the model writes (default 1)')
    .addHelpText(
      'after',
      `
The prompt and the target form one sentence, "<prompt> <target>"; the model's greedy answer and the
target's NLL are printed before and after. edits.json for --batch:
  [{ "subject": "Kalem Varisto", "prompt": "{} was born in", "target": "Tarvos" }, ...]

Examples:
  ftheta edit --model facts-model --subject "Kalem Varisto" --relation-prompt "{} was born in" --target Tarvos --out edited
  ftheta edit --model facts-model --batch edits.json --layers 0,1 --out edited-batch
`,
    )
    .action(async (options: EditCommandOptions) => {
      await editCommand(options, io);
    });
}
