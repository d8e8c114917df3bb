/**
 * A worker thread of the batch pool: one task is one organisation, written where it is
 * rendered. The template library arrives once, as the pool's worker data: the very library
 * the main thread loaded and checked, never a fresh read of folders that may have changed.
 */
import { workerData } from 'piscina';
import type { InputFile } from '../load';
import type { TemplateLibrary } from '../validate';
import { runOne, type OrganisationReport, type TaskSettings } from './run-one';

const { library } = workerData as { library: TemplateLibrary };

export default function runTask(task: { input: InputFile; settings: TaskSettings }): Promise<OrganisationReport> {
  return runOne(task.input, task.settings, library);
}
