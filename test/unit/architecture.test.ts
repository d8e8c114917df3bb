import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO } from '../helpers';

/**
 * The pipeline's shape, checked: every module of src/ and what it imports (type-only
 * imports included: they are still a dependency a reader has to follow).
 */
const SRC = join(REPO, 'src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

const graph = new Map<string, string[]>();
for (const file of sourceFiles(SRC)) {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g),
  ].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
  graph.set(
    file,
    specifiers.map((specifier) => resolveImport(file, specifier)).filter((target): target is string => target !== undefined),
  );
}
const name = (file: string) => relative(SRC, file).split('\\').join('/');

test('the modules of src/ import each other without a cycle', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' → '));
      return;
    }
    state.set(file, 'visiting');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  expect(cycles).toEqual([]);
});

test('each pipeline stage imports only from the stages before it', () => {
  const STAGES = ['load', 'validate', 'schedule', 'render', 'write'];
  const SHARED = ['diagnostics.ts', 'formats.ts', 'languages.ts'];
  const stageOf = (file: string) => STAGES.indexOf(name(file).split('/')[0]!);
  const wrong: string[] = [];
  for (const [file, imports] of graph) {
    const stage = stageOf(file);
    if (stage < 0) continue;
    for (const target of imports) {
      const targetStage = stageOf(target);
      if (targetStage > stage) wrong.push(`${name(file)} imports ${name(target)}`);
      // Besides earlier stages, a stage may use only the shared vocabulary: diagnostics, formats and languages.
      if (targetStage < 0 && !SHARED.includes(name(target))) wrong.push(`${name(file)} imports ${name(target)}`);
    }
  }
  expect(wrong).toEqual([]);
});
