/**
 * The scenario registry behind `ftheta bench <scenario>`. A new scenario is one file under
 * ./scenarios/ and one line here.
 */
import type { BenchScenario } from './scenario';
import { editScenario } from './edit/edit-scenario';
import { mergeTasksScenario } from './merge-tasks/merge-tasks-scenario';
import { generateScenario } from './scenarios/generate';
import { matmulScenario } from './scenarios/matmul';
import { ssmScenario } from './scenarios/ssm';
import { tokenizerScenario } from './scenarios/tokenizer';
import { trainShakespeareScenario } from './scenarios/train-shakespeare';

const SCENARIOS: readonly BenchScenario[] = [matmulScenario, tokenizerScenario, generateScenario, trainShakespeareScenario, ssmScenario, mergeTasksScenario, editScenario];

/** All registered scenarios, in registration order. */
export function listScenarios(): readonly BenchScenario[] {
  return SCENARIOS;
}

/** The scenario called `name`, or undefined. */
export function findScenario(name: string): BenchScenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
