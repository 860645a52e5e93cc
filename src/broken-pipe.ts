/**
 * `milestones compile | head -1`: the reader went away, so writes to stdout
 * fail with EPIPE. Unix tools stop quietly then; so do we: the error is
 * swallowed (never an unhandled 'error' event with a stack), and a command
 * that fails on it (export streams with a pipeline that rejects) exits 0.
 * Node ignores SIGPIPE, so this is the one place it is handled.
 */
let stdoutClosed = false;

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Listens for write errors on stdout and stderr; call once at startup. */
export function watchOutputStreams(): void {
  process.stdout.on('error', (error: Error) => {
    if (code(error) === 'EPIPE') {
      stdoutClosed = true;
      return;
    }
    process.stderr.write(`error: cannot write to stdout: ${error.message}\n`);
    process.exitCode = 2;
  });
  // Nowhere left to say anything: stay quiet.
  process.stderr.on('error', () => undefined);
}

/** True for the error a write to a closed stdout ends in. */
export function isBrokenPipe(error: unknown): boolean {
  const c = code(error);
  return (
    c === 'EPIPE' || (stdoutClosed && (c === 'ERR_STREAM_DESTROYED' || c === 'ERR_STREAM_PREMATURE_CLOSE'))
  );
}
