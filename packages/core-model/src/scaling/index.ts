export { BudgetForcing } from './budget-forcing';
export { resolveThinking, type ResolvedThinking, type TextOrIds, type ThinkingOptions } from './thinking-options';
export { selfConsistency, type SelfConsistencyOptions, type SelfConsistencyResult } from './self-consistency';
