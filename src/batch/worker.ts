/** A worker thread of the batch pool: one task is one organisation, written where it is rendered. */
import type { InputFile } from '../load';
import { runOne, type OrganisationReport, type TaskSettings } from './run-one';

export default function runTask(task: { input: InputFile; settings: TaskSettings }): Promise<OrganisationReport> {
  return runOne(task.input, task.settings);
}
