export { forgettingReport, heldOutLoss, formatForgettingReport, type ForgettingReport, type ForgettingReportOptions, type HeldOut, type TaskForgetting } from './forgetting-report';
