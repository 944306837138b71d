/**
 * The instruction tasks: two-digit addition, copying and reversing short strings, and a small
 * invented fact base. Each example is one prompt and the exact answer expected after it.
 */

/** The instruction tasks, in the order they are reported. */
export const INSTRUCTION_TASKS = ['addition', 'copy', 'reverse', 'facts'] as const;
/** One of {@link INSTRUCTION_TASKS}. */
export type InstructionTask = (typeof INSTRUCTION_TASKS)[number];

/** One prompt and its expected answer. */
export interface TaskExample {
  task: InstructionTask;
  prompt: string;
  answer: string;
}

/**
 * `07+45=` → `052`. Sums are written with fixed widths: every digit then sits at the same position
 * in every example, which a small model learns far faster than variable-width numbers.
 */
export function additionExample(a: number, b: number): TaskExample {
  return { task: 'addition', prompt: `${String(a).padStart(2, '0')}+${String(b).padStart(2, '0')}=`, answer: String(a + b).padStart(3, '0') };
}

/** `copy abc` → `abc`. */
export function copyExample(s: string): TaskExample {
  return { task: 'copy', prompt: `copy ${s}`, answer: s };
}

/** `reverse abc` → `cba`. */
export function reverseExample(s: string): TaskExample {
  return { task: 'reverse', prompt: `reverse ${s}`, answer: [...s].reverse().join('') };
}

/** `capital of Country` → `Capital`. */
export function factExample(country: string, capital: string): TaskExample {
  return { task: 'facts', prompt: `capital of ${country}`, answer: capital };
}
