export { promptAndTarget, promptIds, subjectLastToken, subjectTokens } from './prompt-tokens';
export { padRows, positionMask } from './token-rows';
export { targetLogProbs, type ScoredTarget, type TargetScoreOptions, type TargetScores } from './target-scores';
export { activationsAtSubject, checkPoint, hookAt, meanOfGroups, pointWidth, type HookPoint, type SubjectRow } from './activations';
export { resolveRequest, type EditRequest } from './edit-request';
export { flatRows, logProbsAt, logSoftmaxAt } from './log-probs-at';
