export { forgettingReport, formatForgettingReport, type ForgettingReport, type ForgettingReportOptions, type HeldOut, type TaskForgetting } from './forgetting-report';
