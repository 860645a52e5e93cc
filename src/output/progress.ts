/**
 * A spinner on stderr, on a TTY only: piped output and CI logs stay clean.
 */
import ora from 'ora';

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

const silent: Progress = { update() {}, succeed() {}, fail() {} };

export function startProgress(text: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return silent;
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
