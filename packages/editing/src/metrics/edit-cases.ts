/**
 * A CounterFact-style evaluation set built from the fact base (Meng et al. 2022 §3): each case asks
 * to change one fact to a false object, and brings the prompts that measure the edit — the edit
 * prompt itself, its paraphrases (the relation's other templates), neighbourhood prompts (other
 * subjects with the same relation, look-alikes sharing the first name first, then subjects with
 * the same true object) and the subject's other facts.
 */
import { mulberry32 } from '@ftheta/backend';
import { type FactBase, fillTemplate, relationOf } from '../facts/fact-base';
import type { EditRequest } from '../model/edit-request';

/** A prompt and the answer it should get. */
export interface PromptAnswer {
  prompt: string;
  subject: string;
  answer: string;
}

/** One counterfactual edit and its measuring prompts. */
export interface EditCase {
  id: number;
  relation: string;
  /** The edit: template 0 of the relation, the new (false) object as target. */
  request: EditRequest;
  /** The object the model knew. */
  targetTrue: string;
  /** The same question in the relation's other templates. */
  paraphrases: string[];
  /** Other subjects' prompts of the same relation and their own true answers (they must not become the new target). */
  neighbors: PromptAnswer[];
  /** The subject's other relations (template 0) and their true answers (they should not move). */
  otherFacts: (PromptAnswer & { relation: string })[];
}

/** Options of {@link editCases}. */
export interface EditCasesOptions {
  /** Cases (default 100; at most one per (subject, relation)). */
  count?: number;
  /** Neighbourhood prompts per case (default 10, as CounterFact). */
  neighbors?: number;
  seed?: number;
  /**
   * At most one case per subject (default true, as in CounterFact). Needed for batch edits: two
   * edits of one subject would ask one key (the subject's last token) for two values.
   */
  distinctSubjects?: boolean;
  /** Only facts for which this returns true (e.g. the ones the model recalls). */
  include?: (subject: string, relation: string) => boolean;
}

/** The cases for `base` (seeded; see the module). */
export function editCases(base: FactBase, options: EditCasesOptions = {}): EditCase[] {
  const count = options.count ?? 100;
  const nNeighbors = options.neighbors ?? 10;
  const next = mulberry32((options.seed ?? 1) ^ 0xed17);
  const order = base.facts.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const truth = new Map(base.facts.map((f) => [`${f.subject}\u0000${f.relation}`, f.object]));
  const cases: EditCase[] = [];
  const used = new Set<string>();
  for (const i of order) {
    if (cases.length >= count) break;
    const f = base.facts[i]!;
    if (options.include && !options.include(f.subject, f.relation)) continue;
    if ((options.distinctSubjects ?? true) && used.has(f.subject)) continue;
    used.add(f.subject);
    const r = relationOf(base, f.relation);
    const others = r.objects.filter((o) => o !== f.object);
    const targetNew = others[Math.floor(next() * others.length)]!;
    const first = f.subject.split(' ')[0]!;
    const pool = base.subjects.filter((s) => s !== f.subject);
    const lookalikes = pool.filter((s) => s.split(' ')[0] === first);
    const sameObject = pool.filter((s) => !lookalikes.includes(s) && truth.get(`${s}\u0000${f.relation}`) === f.object);
    const chosen = [...lookalikes, ...sameObject].slice(0, nNeighbors);
    cases.push({
      id: cases.length,
      relation: r.id,
      request: { subject: f.subject, prompt: fillTemplate(r.templates[0]!, f.subject), target: targetNew },
      targetTrue: f.object,
      paraphrases: r.templates.slice(1).map((t) => fillTemplate(t, f.subject)),
      neighbors: chosen.map((s, k) => ({ prompt: fillTemplate(r.templates[k % r.templates.length]!, s), subject: s, answer: truth.get(`${s}\u0000${f.relation}`)! })),
      otherFacts: base.relations
        .filter((x) => x.id !== r.id)
        .map((x) => ({ relation: x.id, prompt: fillTemplate(x.templates[0]!, f.subject), subject: f.subject, answer: truth.get(`${f.subject}\u0000${x.id}`)! })),
    });
  }
  return cases;
}
