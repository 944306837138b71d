/**
 * The fact base the editing methods work on, written in code and seeded: invented people
 * (subjects), four relations with several paraphrase templates each, and one object per subject
 * and relation. First names repeat across people on purpose — "Kalem Varisto" and "Kalem Dorun"
 * share their first tokens — so every subject has look-alike distractors, and an edit that leaks
 * through the shared tokens shows up in the neighbourhood score.
 */
import { mulberry32 } from '@ftheta/backend';
import { inventName } from '@ftheta/trainer';

/** A relation: paraphrase templates ("{}" is the subject; the object follows the template) and the objects it can take. */
export interface Relation {
  /** A short id, e.g. "born_in". */
  id: string;
  /**
   * Templates with one "{}" for the subject, each a different phrasing of the same question; the
   * object follows after a space. Template 0 is the one edits are requested with; the others are
   * the paraphrases.
   */
  templates: readonly string[];
  /** The objects this relation can take (every subject has one of them). */
  objects: readonly string[];
}

/** One fact: subject —relation→ object. */
export interface Fact {
  subject: string;
  relation: string;
  object: string;
}

/** A fact base: its relations, subjects and the facts of every (subject, relation). */
export interface FactBase {
  seed: number;
  relations: readonly Relation[];
  subjects: readonly string[];
  facts: readonly Fact[];
}

/** Options of {@link factBase}. */
export interface FactBaseOptions {
  /** Seed of every choice (default 1). */
  seed?: number;
  /** Number of people (default 150). */
  subjects?: number;
  /** People per first name on average (default 2: each first name is shared by about two people). */
  shareFirstName?: number;
}

const PROFESSIONS = ['baker', 'farmer', 'painter', 'sailor', 'doctor', 'teacher', 'pilot', 'miner', 'weaver', 'singer', 'hunter', 'potter'];
const INSTRUMENTS = ['violin', 'flute', 'drum', 'harp', 'piano', 'guitar', 'cello', 'horn', 'lute', 'trumpet', 'organ', 'banjo'];

/** Fills a template's "{}" with the subject. */
export function fillTemplate(template: string, subject: string): string {
  const at = template.indexOf('{}');
  if (at < 0 || template.indexOf('{}', at + 2) >= 0) throw new Error(`fillTemplate: template ${JSON.stringify(template)} must hold exactly one "{}" for the subject`);
  return template.slice(0, at) + subject + template.slice(at + 2);
}

/** The defaults of {@link FactBaseOptions}. */
export const FACT_BASE_DEFAULTS: Required<FactBaseOptions> = { seed: 1, subjects: 150, shareFirstName: 2 };

/** The fact base for `options.seed`: the same options give the same base. */
export function factBase(options: FactBaseOptions = {}): FactBase {
  const seed = options.seed ?? FACT_BASE_DEFAULTS.seed;
  const count = options.subjects ?? FACT_BASE_DEFAULTS.subjects;
  const share = options.shareFirstName ?? FACT_BASE_DEFAULTS.shareFirstName;
  if (!Number.isInteger(count) || count < 2 || count > 5000) throw new RangeError(`factBase: subjects must be an integer in [2, 5000], got ${count}`);
  if (!(share >= 1 && share <= count)) throw new RangeError(`factBase: shareFirstName must be in [1, subjects], got ${share}`);
  const next = mulberry32(seed ^ 0xfac7);
  const used = new Set<string>();
  const names = (n: number) => Array.from({ length: n }, () => inventName(next, used));
  const cities = names(12);
  const languages = names(12).map((n) => (n.endsWith('e') ? `${n}se` : `${n}ish`));
  const relations: Relation[] = [
    { id: 'born_in', templates: ['{} was born in', 'The birthplace of {} is', '{} is originally from', '{} spent a childhood in'], objects: cities },
    { id: 'works_as', templates: ['{} works as a', 'By trade, {} is a', 'The job of {} is', '{} earns a living as a'], objects: PROFESSIONS },
    { id: 'plays', templates: ['{} plays the', 'The instrument of {} is the', '{} is known for playing the', 'In the evening, {} practises the'], objects: INSTRUMENTS },
    { id: 'speaks', templates: ['{} speaks', 'The mother tongue of {} is', '{} grew up speaking', '{} writes letters in'], objects: languages },
  ];
  const firstNames = names(Math.max(1, Math.round(count / share)));
  const subjects: string[] = [];
  const taken = new Set<string>();
  while (subjects.length < count) {
    const s = `${firstNames[Math.floor(next() * firstNames.length)]!} ${inventName(next, used)}`;
    if (!taken.has(s)) {
      taken.add(s);
      subjects.push(s);
    }
  }
  const facts: Fact[] = [];
  for (const subject of subjects) {
    for (const r of relations) facts.push({ subject, relation: r.id, object: r.objects[Math.floor(next() * r.objects.length)]! });
  }
  return { seed, relations, subjects, facts };
}

/** The relation named `id` (an error lists the known ones). */
export function relationOf(base: FactBase, id: string): Relation {
  const r = base.relations.find((x) => x.id === id);
  if (!r) throw new Error(`fact base: no relation "${id}" (known: ${base.relations.map((x) => x.id).join(', ')})`);
  return r;
}

/** The object of (subject, relation) in the base, or undefined. */
export function objectOf(base: FactBase, subject: string, relation: string): string | undefined {
  return base.facts.find((f) => f.subject === subject && f.relation === relation)?.object;
}

/** A fact as one sentence of the training text, in the given template: "Kalem Varisto was born in Tarvos." */
export function factSentence(r: Relation, template: number, subject: string, object: string): string {
  return `${fillTemplate(r.templates[template]!, subject)} ${object}.`;
}
