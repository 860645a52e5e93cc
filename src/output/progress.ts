/**
 * A spinner on stderr, on a TTY only: piped output and CI logs stay clean.
 * `isSpinnerTerminal` is exported for tests.
 */
import ora from 'ora';
import { verbosity } from './verbosity.js';

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

export const silent: Progress = { update() {}, succeed() {}, fail() {} };

export function startProgress(text: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  // A terminal that reports zero columns (some CI wrappers, `script`, docker -t) sends
  // ora 9 into an endless redraw loop, so it counts as no terminal at all.
  if (!stream.isTTY || !(stream.columns > 0) || process.env.CI || verbosity() === 'quiet') return silent;
  const spinner = ora({ text, stream, color: process.env.NO_COLOR ? undefined : 'cyan' }).start();
  return {
    update: (t) => {
      spinner.text = t;
    },
    succeed: (t) => {
      spinner.succeed(t);
    },
    fail: (t) => {
      spinner.fail(t);
    },
  };
}
