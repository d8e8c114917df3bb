/**
 * What every command shares, said once: the options common to several commands, the
 * flags-over-config merge, "today", and the exit code. Each command module keeps only what
 * is its own. The library API is loaded lazily, so `policygen --version` and `--help` load
 * no more than commander.
 */
import type { Command } from 'commander';
import type { BuildResult, CommonOptions } from '../api';
import type { PolicygenConfig } from '../validate';
import { EXIT, type CliIO } from './io';
import { printDiagnostics } from './report';

/** A mistake on the command line: printed as "policygen: message", exit 2. */
export class UsageError extends Error {}

/** A command stopped by diagnostics already printed (a bad config file): exit 2. */
export class ReportedError extends Error {}

/** What every command needs from the CLI around it. */
export interface CommandContext {
  io: CliIO;
  setExitCode(code: number): void;
}

/** The flags `withCommonOptions` defines. */
export interface CommonFlags {
  templates: string[];
  config?: string;
  json?: boolean;
  today?: string;
}

/** -t, -c, --json (where there is data to print) and --today (where dates matter): the same words and meaning in every command. */
export function withCommonOptions(command: Command, { today, json = true }: { today: boolean; json?: boolean }): Command {
  command.option('-t, --templates <dir>', 'an extra template folder; repeat for more (later ones override)', collect, []);
  if (today) command.option('--today <date>', 'the date to treat as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the real date)');
  command.option('-c, --config <file>', 'a config file (default: the nearest policygen.config.yaml)');
  return json ? command.option('--json', 'print machine-readable JSON on stdout') : command;
}

/** The settings every command passes to the library API: command-line flags over the config file. */
export interface CommonSettings {
  config?: PolicygenConfig;
  options: Omit<CommonOptions, 'inputs'> & { cwd: string; templates: string[] };
}

/**
 * Merge the common flags with the config file: a flag wins over the config; `-t` folders
 * come after the config's, so they override its templates.
 */
export function commonSettings(context: CommandContext, flags: CommonFlags, { today = true }: { today?: boolean } = {}): CommonSettings {
  return settingsWith(context, flags, loadConfigOrStop(context, flags.config), { today });
}

/** The same merge, with a config file already read (a watcher reads it again after each change). */
export function settingsWith(
  context: CommandContext,
  flags: CommonFlags,
  config: PolicygenConfig | undefined,
  { today = true }: { today?: boolean } = {},
): CommonSettings {
  return {
    ...(config ? { config } : {}),
    options: {
      cwd: context.io.cwd,
      templates: [...(config?.templates ?? []), ...flags.templates],
      ...(today ? { today: resolveTodayFlag(context.io, flags.today) } : {}),
      ...(config?.languages ? { defaultLanguages: config.languages } : {}),
      ...(config?.defaults ? { defaults: config.defaults } : {}),
    },
  };
}

/** "Today": `--today`, else SOURCE_DATE_EPOCH, else the real date. A bad one is a usage error. */
function resolveTodayFlag(io: CliIO, flag: string | undefined): string {
  const { resolveToday } = require('../schedule') as typeof import('../schedule');
  try {
    return resolveToday({
      label: '--today',
      ...(flag !== undefined ? { today: flag } : {}),
      ...(io.env.SOURCE_DATE_EPOCH !== undefined ? { sourceDateEpoch: io.env.SOURCE_DATE_EPOCH } : {}),
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The config file's settings (`--config FILE`, or the nearest one), or stop with its errors. */
function loadConfigOrStop(context: CommandContext, file: string | undefined): PolicygenConfig | undefined {
  const { loadConfig } = require('../api') as typeof import('../api');
  const { config, diagnostics } = loadConfig({ cwd: context.io.cwd, ...(file !== undefined ? { file } : {}) });
  if (diagnostics.length > 0) printDiagnostics(diagnostics, context.io);
  if (diagnostics.some((d) => d.severity === 'error')) throw new ReportedError('invalid config file');
  return config;
}

/** A bug anywhere wins (70), then errors (2), then the command's own answer. */
export function exitCodeFor(result: Pick<BuildResult, 'ok' | 'diagnostics'>, answer: number): number {
  if (result.diagnostics.some((d) => d.code === 'INTERNAL_ERROR')) return EXIT.internal;
  if (!result.ok) return EXIT.error;
  return answer;
}

/** Repeatable options (-t a -t b) collect into a list. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export { EXIT };
