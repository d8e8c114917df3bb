import type { Progress } from '../api';
import type { CliIO } from './io';

/**
 * A progress bar for a person watching a batch: only on a terminal, never in CI logs,
 * pipes, --json or --quiet runs. cli-progress is loaded only when a bar is shown.
 */
export function progressReporter(io: CliIO, enabled: boolean): { update: (progress: Progress) => void; stop: () => void } {
  const ci = io.env.CI !== undefined && !['', '0', 'false'].includes(io.env.CI.toLowerCase());
  const terminal = io.stderr.terminal;
  const show = enabled && io.stderr.isTTY === true && terminal !== undefined && !ci && io.env.TERM !== 'dumb';
  if (!show) return { update: () => undefined, stop: () => undefined };
  let bar: import('cli-progress').SingleBar | undefined;
  return {
    update(progress) {
      if (progress.total < 2) return;
      if (!bar) {
        const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
        bar = new SingleBar(
          { stream: terminal, format: ' {bar} {value}/{total} organisations  {file}', hideCursor: true, clearOnComplete: true },
          Presets.shades_classic,
        );
        bar.start(progress.total, 0, { file: '' });
      }
      bar.update(progress.done, { file: progress.file });
    },
    stop() {
      bar?.stop();
    },
  };
}
