/**
 * `--quiet` and `--verbose`, on every command. Quiet: only errors reach
 * stderr. Rather than guard every warning, note and summary that commands
 * write, quiet closes one gate: process.stderr.write drops everything, and
 * errors go through `writeError`, which keeps the real stream. Verbose adds
 * statement timings (output/step-progress.ts). Spinners are off when quiet.
 */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

let level: Verbosity = 'normal';
const realWrite = process.stderr.write.bind(process.stderr);

export function verbosity(): Verbosity {
  return level;
}

/** From the command's options; --quiet wins over --verbose. */
export function setVerbosity(options: { quiet?: unknown; verbose?: unknown }): void {
  level = options.quiet === true ? 'quiet' : options.verbose === true ? 'verbose' : 'normal';
  if (level === 'quiet') process.stderr.write = (() => true) as typeof process.stderr.write;
}

/** An error (or an error's diagnostics) on stderr, also under --quiet. */
export function writeError(text: string): void {
  // The live stream unless quiet replaced its write (so that whatever wraps or
  // watches stderr, such as a test's spy, still sees errors).
  if (level === 'quiet') realWrite(text);
  else process.stderr.write(text);
}
