/** Instruction tasks written in code (addition, copy, reverse, invented facts) and their greedy per-task scoring. */
export { INSTRUCTION_TASKS, type InstructionTask, type TaskExample, additionExample, copyExample, reverseExample, factExample } from './task-example';
export { inventFacts, inventName } from './invent-facts';
export { instructionCorpus, type InstructionCorpus, type InstructionCorpusOptions } from './instruction-corpus';
export { evaluateTasks, formatTaskScore, type EvaluateTasksOptions, type TaskScore } from './evaluate-tasks';
