import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { PreviewState } from '../../preview/pages';
import type { FileChange, WatchTargets } from '../../watch/watcher';
import { EXIT, settingsWith, UsageError, withCommonOptions, type CommandContext, type CommonFlags } from '../context';
import { plural, printDiagnostics } from '../report';
import { clock, configFilesToWatch, describeChanges, oneAtATime, untilInterrupted } from '../watching';

interface PreviewFlags extends CommonFlags {
  port?: string;
  open?: boolean;
}

/** The port when none is given: Vite's preview port, which the author's browser may have open already. */
export const DEFAULT_PORT = 4173;

export function registerPreview(program: Command, context: CommandContext): void {
  const command = program
    .command('preview')
    .description("serve one organisation's policies as web pages that reload as you save its file, a template or the logo")
    .argument('<file>', 'an organisation file')
    .option('-p, --port <n>', `the port to serve on, at 127.0.0.1 (default: ${DEFAULT_PORT}; the next free one if it is taken)`)
    .option('--open', 'open the preview in the default browser');
  withCommonOptions(command, { today: true, json: false })
    .addHelpText(
      'after',
      `
Each policy's page is the HTML that build -f html writes, plus a small script that reloads
it when the organisation file, a template, a partial, the config file or the logo changes.
A change that breaks something shows its errors in the page until the next good save.
The preview listens on 127.0.0.1 only, and writes no file. Ctrl-C stops it.

Examples:
  $ policygen preview homes/ty-gwyn.yaml -t my-templates --open
  $ policygen preview homes/ty-gwyn.yaml --port 8080 --today 2026-04-01`,
    )
    .action(async (file: string, flags: PreviewFlags) => {
      const port = flags.port !== undefined ? parsePort(flags.port) : DEFAULT_PORT;
      if (statSync(resolve(context.io.cwd, file), { throwIfNoEntry: false })?.isDirectory()) {
        throw new UsageError(`preview shows one organisation file, and ${file} is a folder: name one of the .yaml files in it`);
      }
      await runPreview(context, file, flags, port);
      context.setExitCode(EXIT.ok);
    });
}

/**
 * Render, serve, and render again on every change until Ctrl-C. Bad input never stops it:
 * the errors go to stderr and into the page, and the next good save brings the policy back.
 */
async function runPreview(context: CommandContext, file: string, flags: PreviewFlags, port: number): Promise<void> {
  const { io } = context;
  const { loadConfig, render } = require('../../api') as typeof import('../../api');
  const { internalErrorDiagnostic, hasErrors } = require('../../diagnostics') as typeof import('../../diagnostics');
  const { pageFor } = require('../../preview/pages') as typeof import('../../preview/pages');
  const { startPreviewServer } = require('../../preview/server') as typeof import('../../preview/server');
  const { watchFiles } = require('../../watch/watcher') as typeof import('../../watch/watcher');

  // A version names what the pages show; the start time keeps one preview's versions from the next's.
  const started = Date.now().toString(36);
  let renders = 0;
  let version = `${started}.0`;
  let state: PreviewState = { file, diagnostics: [] };
  let templates: readonly string[] = [];
  let sources: readonly string[] = [file];

  const renderNow = async (): Promise<string> => {
    try {
      const config = loadConfig({ cwd: io.cwd, ...(flags.config !== undefined ? { file: flags.config } : {}) });
      if (hasErrors(config.diagnostics)) {
        state = { file, diagnostics: config.diagnostics };
        // A library the config names that is not there yet: watched, so making it renders again.
        if (config.config) templates = settingsWith(context, flags, config.config).options.templates;
      } else {
        const { options } = settingsWith(context, flags, config.config);
        templates = options.templates;
        const order = config.config?.order;
        const result = await render({ ...options, inputs: [file], formats: ['html'], ...(order ? { order } : {}) });
        const organisation = result.organisations[0];
        // Kept across renders: while the file is broken its logo is unknown, and still worth watching.
        sources = [...new Set([...sources, ...(organisation?.sources ?? [])])];
        state = {
          file,
          today: result.today,
          diagnostics: [...config.diagnostics, ...result.diagnostics],
          ...(organisation?.name !== undefined ? { name: organisation.name } : {}),
          ...(result.ok && organisation?.files ? { files: organisation.files } : {}),
        };
      }
    } catch (error) {
      if (error instanceof UsageError) throw error;
      // A bug in policygen: said in the page and on stderr, and the next save tries again.
      state = { file, diagnostics: [internalErrorDiagnostic(file, error)] };
    }
    version = `${started}.${++renders}`;
    printDiagnostics([...state.diagnostics], io);
    const errors = state.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) return `${plural(errors, 'error')}, shown in the browser`;
    return plural(state.files?.filter((f) => f.name.endsWith('.html')).length ?? 0, 'page');
  };

  const targets = (): WatchTargets => ({
    files: [...new Set([resolve(io.cwd, file), ...sources.map((s) => resolve(io.cwd, s)), ...configFilesToWatch(io.cwd, flags.config)])],
    trees: templates.map((folder) => resolve(io.cwd, folder)),
    folders: [],
    ignore: [],
  });

  const first = await renderNow();
  let server: import('../../preview/server').PreviewServer;
  try {
    server = await startPreviewServer({
      port,
      pageFor: (path) => pageFor(path, state),
      version: () => version,
      onPortTaken: (taken) => io.stderr.write(`policygen: port ${taken} is taken; trying ${taken + 1}\n`),
    });
  } catch (error) {
    throw new UsageError(listenFailure(port, error));
  }

  const queue = oneAtATime(async (changes: FileChange[]) => {
    const outcome = await renderNow();
    server.publish(version);
    watcher.update(targets());
    io.stderr.write(`${clock()} ${describeChanges(changes, io.cwd)}: ${outcome}\n`);
  });
  const watcher = watchFiles(targets(), (changes) => queue.push(changes), {
    onError: (error) => io.stderr.write(`policygen: cannot watch every file (${error.message}): some changes may not reload the page\n`),
  });
  await watcher.ready;

  io.stdout.write(`Preview of ${file}: ${server.url}\n`);
  io.stderr.write(`${clock()} ${first}; watching for changes (Ctrl-C stops)\n`);
  if (flags.open) openBrowser(server.url, io);

  await untilInterrupted(io);
  await watcher.close();
  await queue.idle();
  await server.close();
  io.stderr.write('Preview stopped.\n');
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`);
  return Number(text);
}

function listenFailure(port: number, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `ports ${port} and the next ones are all taken: choose another with --port`;
  if (code === 'EACCES') return `cannot listen on port ${port} without more privileges: choose a port above 1023 with --port`;
  return `cannot listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`;
}

/** The system's way to open a web page; a failure costs only a line: the address is printed. */
function openBrowser(url: string, io: CommandContext['io']): void {
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const env = Object.fromEntries(Object.entries(io.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const child = spawn(command, args, { stdio: 'ignore', detached: true, env });
  child.on('error', (error) => io.stderr.write(`policygen: could not open a browser (${error.message}): open ${url} yourself\n`));
  child.unref();
}
