export { editCases, type EditCase, type EditCasesOptions, type PromptAnswer } from './edit-cases';
export { aggregateScores, neighborsOutside, scoreCase, type CaseScores, type EditScores, type ScoreCaseOptions } from './edit-metrics';
export { factKey, factRecall, type FactRecall, type TemplateRecall } from './fact-recall';
