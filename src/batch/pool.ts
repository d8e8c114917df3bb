import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { join, resolve } from 'node:path';
import type { InputFile } from '../load';
import type { TemplateLibrary } from '../validate';
import { internalErrorReport, runOne, type OrganisationReport, type TaskSettings } from './run-one';

/**
 * Run every organisation, on `jobs` worker threads when there is more than one to do.
 * Each worker renders and writes its own files, so documents never cross threads and
 * memory stays flat however many organisations there are: only the small reports
 * come back. Reports are returned in input order, whatever order they finish in.
 */
export async function runAll(
  inputs: readonly InputFile[],
  settings: TaskSettings,
  library: TemplateLibrary,
  jobs: number,
  onReport: (report: OrganisationReport, done: number) => void,
): Promise<OrganisationReport[]> {
  const reports = new Array<OrganisationReport>(inputs.length);
  let done = 0;
  const finish = (index: number, report: OrganisationReport) => {
    reports[index] = report;
    onReport(report, ++done);
  };

  // More threads than cores only adds memory and contention (each loads every module).
  const threads = Math.min(jobs, inputs.length, availableParallelism() * 2);
  if (threads <= 1) {
    for (const [index, input] of inputs.entries()) finish(index, await runOne(input, settings, library));
    return reports;
  }

  // piscina is loaded only for batches, so a one-home build starts fast.

  const { Piscina } = require('piscina') as typeof import('piscina');
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    workerData: { library },
    resourceLimits: { maxOldGenerationSizeMb: workerHeapLimitMb() },
  });
  try {
    await Promise.all(
      inputs.map(async (input, index) => {
        let report: OrganisationReport;
        try {
          report = (await pool.run({ input, settings })) as OrganisationReport;
        } catch (error) {
          // A worker that died (an exception outside runOne's reach) fails its organisation only.
          report = internalErrorReport(input, error);
        }
        finish(index, report);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return reports;
}

/**
 * V8 sizes a heap, and so how much garbage it lets pile up between full collections, from
 * the heap's limit, which by default follows the machine's memory (4 GiB on a 24 GiB
 * machine). With that default each worker's memory kept growing for thousands of homes;
 * with a 1 GiB limit it stays flat, at no cost in speed (docs/performance.md). A policy
 * needs a few tens of MiB, so the limit is far out of reach; a document that did reach it
 * would fail alone, as an internal error, and the pool would start a new worker.
 */
function workerHeapLimitMb(): number {
  const defaultLimitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
  return Math.floor(Math.min(1024, defaultLimitMb));
}

/** The compiled worker. Under ts-jest the sources run from src/, so use the build in dist/ (npm test builds it first). */
function workerFile(): string {
  return __filename.endsWith('.ts') ? resolve(__dirname, '..', '..', 'dist', 'batch', 'worker.js') : join(__dirname, 'worker.js');
}
