/**
 * Structural checks for every PDF the tests make. poppler quietly repairs a broken
 * cross-reference table (it only says so on stderr), so a PDF that reads back fine can
 * still be broken: `qpdf --check` must pass without a warning, and poppler must read the
 * file without a word on stderr.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers';

const inCi = process.env.CI === 'true';

/** Whether `tool` runs here. In CI a missing tool fails the run: CI installs it (.ci/run). */
function available(tool: string, versionFlag: string, debianPackage: string): boolean {
  if (spawnSync(tool, [versionFlag]).status === 0) return true;
  const message = `${tool} is not installed: the PDF structure checks that need it are skipped (apt-get install ${debianPackage})`;
  if (inCi) throw new Error(`${message}; CI must not skip them`);
  console.warn(message);
  return false;
}

let tools: { qpdf: boolean; poppler: boolean } | undefined;
function installed(): { qpdf: boolean; poppler: boolean } {
  tools ??= { qpdf: available('qpdf', '--version', 'qpdf'), poppler: available('pdfinfo', '-v', 'poppler-utils') };
  return tools;
}

/** True when qpdf is here. */
export function hasQpdf(): boolean {
  return installed().qpdf;
}

/** True when poppler's tools are here (tests that read text back skip without them, outside CI). */
export function hasPoppler(): boolean {
  return installed().poppler;
}

/**
 * What is wrong with the PDF at `path` (or in `bytes`): qpdf's errors and warnings, and
 * anything poppler's pdfinfo or pdftotext wrote to stderr. Empty when it is sound, or when
 * the tools are missing outside CI.
 */
export function pdfProblems(pdf: string | Uint8Array): string[] {
  const path = typeof pdf === 'string' ? pdf : writeTemp(pdf);
  const problems: string[] = [];
  const { qpdf, poppler } = installed();
  if (qpdf) {
    const check = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
    // qpdf exits 3 for warnings and 2 for errors, and writes both to stderr or stdout.
    const said = `${check.stdout}\n${check.stderr}`;
    if (check.status !== 0 || /warning/i.test(said)) {
      problems.push(`qpdf --check (exit ${check.status}): ${said.trim()}`);
    }
  }
  if (poppler) {
    for (const args of [
      ['pdfinfo', path],
      ['pdfinfo', '-struct', path],
      ['pdftotext', path, '-'],
    ]) {
      const run = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (run.status !== 0 || run.stderr.trim() !== '') problems.push(`${args.join(' ')} (exit ${run.status}): ${run.stderr.trim()}`);
    }
  }
  return problems;
}

/** Fail the test unless qpdf and poppler find the PDF sound. */
export function expectSoundPdf(pdf: string | Uint8Array): void {
  expect(pdfProblems(pdf)).toEqual([]);
}

function writeTemp(bytes: Uint8Array): string {
  const path = join(tempDir('policygen-pdf-'), 'check.pdf');
  writeFileSync(path, bytes);
  return path;
}
