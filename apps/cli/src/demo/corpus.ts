/**
 * The demo's instruction corpus, written in code (no downloaded data) and seeded: two-digit
 * addition, copying and reversing short strings, and a small invented fact base. Evaluation
 * prompts of addition, copy and reverse are held out of training; the facts are the training
 * facts themselves (a fact base is meant to be memorised).
 */
import { mulberry32 } from '@ftheta/backend';

/** The demo's tasks, in the order they are reported. */
export const DEMO_TASKS = ['addition', 'copy', 'reverse', 'facts'] as const;
export type DemoTask = (typeof DEMO_TASKS)[number];

/** One prompt and its expected answer. */
export interface TaskExample {
  task: DemoTask;
  prompt: string;
  answer: string;
}

/** Options of {@link demoCorpus}. */
export interface DemoCorpusOptions {
  seed?: number;
  /** Held-out evaluation prompts per task (addition, copy, reverse; facts always asks all facts). Default 50. */
  evalPerTask?: number;
  /** Training examples of addition, copy and reverse each (default 4000); facts are repeated to match a quarter of that. */
  trainPerTask?: number;
}

/** Training examples (shuffled) and held-out evaluation examples. */
export interface DemoCorpus {
  train: TaskExample[];
  eval: TaskExample[];
  facts: ReadonlyArray<readonly [country: string, capital: string]>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';

/** Invented names from syllables: capitalised, 4-7 characters. */
function inventName(next: () => number, used: Set<string>): string {
  for (;;) {
    const syllables = 2 + Math.floor(next() * 2);
    let name = '';
    for (let s = 0; s < syllables; s++) {
      name += CONSONANTS[Math.floor(next() * CONSONANTS.length)]! + VOWELS[Math.floor(next() * VOWELS.length)]!;
      if (next() < 0.3) name += CONSONANTS[Math.floor(next() * CONSONANTS.length)]!;
    }
    name = name.slice(0, 7);
    if (name.length >= 4 && !used.has(name)) {
      used.add(name);
      return name[0]!.toUpperCase() + name.slice(1);
    }
  }
}

/** The fact base: 20 invented countries and their invented capitals. */
export function inventFacts(seed: number, count = 20): Array<[string, string]> {
  const next = mulberry32(seed ^ 0x5eed);
  const used = new Set<string>();
  return Array.from({ length: count }, () => [inventName(next, used), inventName(next, used)]);
}

/**
 * Sums are written with fixed widths (`07+45=` → `052`): every digit then sits at the same position in
 * every example, which a small model learns far faster than variable-width numbers.
 */
export const addition = (a: number, b: number): TaskExample => ({
  task: 'addition',
  prompt: `${String(a).padStart(2, '0')}+${String(b).padStart(2, '0')}=`,
  answer: String(a + b).padStart(3, '0'),
});
export const copy = (s: string): TaskExample => ({ task: 'copy', prompt: `copy ${s}`, answer: s });
export const reverse = (s: string): TaskExample => ({ task: 'reverse', prompt: `reverse ${s}`, answer: [...s].reverse().join('') });
export const fact = (country: string, capital: string): TaskExample => ({ task: 'facts', prompt: `capital of ${country}`, answer: capital });

/** The corpus for `seed`: the same seed gives the same examples in the same order. */
export function demoCorpus(options: DemoCorpusOptions = {}): DemoCorpus {
  const seed = options.seed ?? 1;
  const evalPerTask = options.evalPerTask ?? 50;
  const trainPerTask = options.trainPerTask ?? 4000;
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const word = () => Array.from({ length: 3 + int(4) }, () => LETTERS[int(LETTERS.length)]!).join('');

  // Addition: a, b in 0..99; held-out pairs never appear in training.
  const heldSums = new Set<number>();
  while (heldSums.size < evalPerTask) heldSums.add(int(100) * 100 + int(100));
  const heldWords = new Set<string>();
  while (heldWords.size < 2 * evalPerTask) heldWords.add(word());
  const [copyWords, reverseWords] = [[...heldWords].slice(0, evalPerTask), [...heldWords].slice(evalPerTask)];
  const facts = inventFacts(seed);

  const train: TaskExample[] = [];
  for (let i = 0; i < trainPerTask; i++) {
    let k: number;
    do k = int(100) * 100 + int(100);
    while (heldSums.has(k));
    train.push(addition(Math.floor(k / 100), k % 100));
    // Arithmetic is the hardest task: give it a second example per round.
    do k = int(100) * 100 + int(100);
    while (heldSums.has(k));
    train.push(addition(Math.floor(k / 100), k % 100));
    let w: string;
    do w = word();
    while (heldWords.has(w));
    train.push(copy(w));
    do w = word();
    while (heldWords.has(w));
    train.push(reverse(w));
  }
  const factRepeats = Math.max(1, Math.round(trainPerTask / 4 / facts.length));
  for (let r = 0; r < factRepeats; r++) for (const [c, cap] of facts) train.push(fact(c, cap));
  for (let i = train.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [train[i], train[j]] = [train[j]!, train[i]!];
  }
  const evalSet: TaskExample[] = [
    ...[...heldSums].map((k) => addition(Math.floor(k / 100), k % 100)),
    ...copyWords.map(copy),
    ...reverseWords.map(reverse),
    ...facts.map(([c, cap]) => fact(c, cap)),
  ];
  return { train, eval: evalSet, facts };
}
