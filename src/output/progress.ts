/**
 * A spinner on stderr, on a TTY only: piped output and CI logs stay clean.
 * It shows the time elapsed since it started (refreshed every second, so a
 * long statement still shows life); off under --quiet and --verbose (whose
 * timing lines would garble it).
 */
import { verbosity } from './verbosity.js';

// ora (and its dependencies) load only when stderr is a terminal: piped and CI
// runs, which never show a spinner, skip their import (a tenth of a second).
const ora = process.stderr.isTTY ? (await import('ora')).default : undefined;

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

export const silent: Progress = { update() {}, succeed() {}, fail() {} };

/** "0.4s", "12s", "3m 05s". */
export function elapsedText(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function startProgress(text: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  // A terminal that reports zero columns (some CI wrappers, `script`, docker -t) sends
  // ora 9 into an endless redraw loop, so it counts as no terminal at all.
  if (!stream.isTTY || !(stream.columns > 0) || process.env.CI || verbosity() !== 'normal') return silent;
  if (ora === undefined) return silent; // a terminal other than stderr, which is not one
  const spinner = ora({ text, stream, color: process.env.NO_COLOR ? undefined : 'cyan' }).start();
  const started = Date.now();
  let current = text;
  const elapsed = () => elapsedText(Date.now() - started);
  const show = () => {
    spinner.text = `${current} · ${elapsed()}`;
  };
  const timer = setInterval(show, 1000);
  timer.unref();
  return {
    update: (t) => {
      current = t;
      show();
    },
    succeed: (t) => {
      clearInterval(timer);
      spinner.succeed(`${t} (${elapsed()})`);
    },
    fail: (t) => {
      clearInterval(timer);
      spinner.fail(`${t} (${elapsed()})`);
    },
  };
}
