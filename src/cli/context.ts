import { loadConfig } from '../api';
import type { PolicygenConfig } from '../validate';
import { resolveToday } from '../schedule';
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
  /** "Today": `--today`, else SOURCE_DATE_EPOCH, else the real date. */
  today(flag: string | undefined): string;
  /** The config file's settings (`--config FILE`, or the nearest one), or stop with its errors. */
  config(file: string | undefined): PolicygenConfig | undefined;
}

export function createContext(io: CliIO, setExitCode: (code: number) => void): CommandContext {
  return {
    io,
    setExitCode,
    today: (flag) =>
      resolveToday({
        label: '--today',
        ...(flag !== undefined ? { today: flag } : {}),
        ...(io.env.SOURCE_DATE_EPOCH !== undefined ? { sourceDateEpoch: io.env.SOURCE_DATE_EPOCH } : {}),
      }),
    config: (file) => {
      const { config, diagnostics } = loadConfig({ cwd: io.cwd, ...(file !== undefined ? { file } : {}) });
      if (diagnostics.length > 0) printDiagnostics(diagnostics, io);
      if (diagnostics.some((d) => d.severity === 'error')) throw new ReportedError('invalid config file');
      return config;
    },
  };
}

/** Repeatable options (-t a -t b) collect into a list. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export { EXIT };
