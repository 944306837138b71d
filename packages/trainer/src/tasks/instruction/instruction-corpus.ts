/**
 * The instruction corpus, written in code (no downloaded data) and seeded: two-digit addition,
 * copying and reversing short strings, and a small invented fact base. Evaluation prompts of
 * addition, copy and reverse are held out of training; the facts are the training facts themselves
 * (a fact base is meant to be memorised). `ftheta demo` trains on it; `ftheta bench merge-tasks`
 * and the docs' merging page fine-tune on parts of it.
 */
import { mulberry32 } from '@ftheta/backend';
import { inventFacts } from './invent-facts';
import { additionExample, copyExample, factExample, reverseExample, type TaskExample } from './task-example';

/** Options of {@link instructionCorpus}. */
export interface InstructionCorpusOptions {
  /** Seed of every choice (default 1). */
  seed?: number;
  /** Held-out evaluation prompts per task (addition, copy, reverse; facts always asks all facts). Default 50. */
  evalPerTask?: number;
  /** Training examples of copy and reverse each, and twice as many additions (default 4000); facts are repeated to match a quarter of that. */
  trainPerTask?: number;
}

/** Training examples (shuffled) and held-out evaluation examples. */
export interface InstructionCorpus {
  train: TaskExample[];
  eval: TaskExample[];
  facts: ReadonlyArray<readonly [country: string, capital: string]>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The corpus for `seed`: the same seed gives the same examples in the same order. */
export function instructionCorpus(options: InstructionCorpusOptions = {}): InstructionCorpus {
  const seed = options.seed ?? 1;
  const evalPerTask = options.evalPerTask ?? 50;
  const trainPerTask = options.trainPerTask ?? 4000;
  if (!Number.isInteger(evalPerTask) || evalPerTask < 1 || evalPerTask > 2000) throw new RangeError(`instructionCorpus: evalPerTask must be an integer in [1, 2000], got ${evalPerTask}`);
  if (!Number.isInteger(trainPerTask) || trainPerTask < 1) throw new RangeError(`instructionCorpus: trainPerTask must be a positive integer, got ${trainPerTask}`);
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
    train.push(additionExample(Math.floor(k / 100), k % 100));
    // Arithmetic is the hardest task: give it a second example per round.
    do k = int(100) * 100 + int(100);
    while (heldSums.has(k));
    train.push(additionExample(Math.floor(k / 100), k % 100));
    let w: string;
    do w = word();
    while (heldWords.has(w));
    train.push(copyExample(w));
    do w = word();
    while (heldWords.has(w));
    train.push(reverseExample(w));
  }
  const factRepeats = Math.max(1, Math.round(trainPerTask / 4 / facts.length));
  for (let r = 0; r < factRepeats; r++) for (const [c, cap] of facts) train.push(factExample(c, cap));
  for (let i = train.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [train[i], train[j]] = [train[j]!, train[i]!];
  }
  const evalSet: TaskExample[] = [
    ...[...heldSums].map((k) => additionExample(Math.floor(k / 100), k % 100)),
    ...copyWords.map(copyExample),
    ...reverseWords.map(reverseExample),
    ...facts.map(([c, cap]) => factExample(c, cap)),
  ];
  return { train, eval: evalSet, facts };
}
