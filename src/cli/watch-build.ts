/**
 * `build --watch`: build, then rebuild what each change affects until Ctrl-C. Bad input
 * never stops it: the errors are printed as a build prints them, and the next good save
 * builds again.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BuildResult } from '../api';
import { INTERNAL_ERROR_HINT, internalErrorMessage } from '../diagnostics';
import type { BuildSources } from '../watch/affected';
import type { FileChange, WatchTargets } from '../watch/watcher';
import { ReportedError, UsageError, type CommandContext } from './context';
import { clock, configFilesToWatch, describeChanges, oneAtATime, untilInterrupted } from './watching';

/** What one build did, and the settings it used: a watcher watches its template folders, and not its output. */
export interface BuildRun {
  result: BuildResult;
  /** How many outputs were listed on stdout (with --check: stale, missing or extra). */
  listed: number;
  templates: readonly string[];
  out: string;
}

export async function watchBuild(
  context: CommandContext,
  inputs: readonly string[],
  configFlag: string | undefined,
  buildOnce: (only: readonly string[] | undefined, label: string | undefined) => Promise<BuildRun>,
): Promise<void> {
  const { io } = context;
  const { watchFiles } = require('../watch/watcher') as typeof import('../watch/watcher');
  const { rebuildFor } = require('../watch/affected') as typeof import('../watch/affected');
  const cwd = resolve(io.cwd);
  const absolute = (path: string) => resolve(cwd, path);

  /** Each organisation file built so far, and what it is built from: once watched, always watched. */
  const homes = new Map<string, string[]>();
  let templates: string[] = [];
  let outDir: string | undefined;

  const run = async (only: readonly string[] | undefined, label: string | undefined, first: boolean) => {
    try {
      const built = await buildOnce(only, label);
      templates = built.templates.map(absolute);
      outDir = absolute(built.out);
      for (const organisation of built.result.organisations) {
        const home = absolute(organisation.file);
        homes.set(home, [...new Set([...(homes.get(home) ?? []), home, ...(organisation.sources ?? []).map(absolute)])]);
      }
    } catch (error) {
      // A mistake on the command line is one on every rebuild: only the first build can stop for it.
      if (first && !(error instanceof ReportedError)) throw error;
      if (error instanceof ReportedError) io.stderr.write(`${label ?? clock()}: the config file has errors; fix it and save\n`);
      else if (error instanceof UsageError) io.stderr.write(`policygen: ${error.message}\n`);
      else io.stderr.write(`policygen: ${internalErrorMessage(error)}; ${INTERNAL_ERROR_HINT}\n`);
    }
  };

  const named = () => {
    const paths = inputs.map(absolute);
    const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
    return { files: paths.filter((path) => !isFolder(path)), folders: paths.filter(isFolder) };
  };
  const sources = (): BuildSources => ({
    config: configFilesToWatch(cwd, configFlag),
    trees: templates,
    homes,
    inputFiles: named().files,
    folders: named().folders,
  });
  const targets = (): WatchTargets => {
    const { config, trees, inputFiles, folders } = sources();
    return {
      files: [...new Set([...inputFiles, ...[...homes.values()].flat(), ...config])],
      trees,
      folders,
      ignore: outDir ? [outDir] : [],
    };
  };

  await run(undefined, undefined, true);
  const queue = oneAtATime(async (changes: FileChange[]) => {
    const rebuild = rebuildFor(changes, sources());
    if (!rebuild.all && rebuild.homes.length === 0) return;
    await run(rebuild.all ? undefined : rebuild.homes, `${clock()} ${describeChanges(changes, cwd)}`, false);
    watcher.update(targets());
  });
  const watcher = watchFiles(targets(), (changes) => queue.push(changes), {
    onError: (error) => io.stderr.write(`policygen: cannot watch every file (${error.message}): some changes may not rebuild\n`),
  });
  await watcher.ready;
  io.stderr.write('Watching for changes (Ctrl-C stops)\n');

  await untilInterrupted(io);
  await watcher.close();
  await queue.idle();
  io.stderr.write('Stopped watching.\n');
}
