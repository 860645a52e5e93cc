/**
 * A feed whose output is thrown away advances its cursor past events no
 * consumer got. `-o /dev/stdout` with standard output closed (`>&-`: Node
 * reopens descriptor 1 on /dev/null) or sent to /dev/null wrote the batch
 * nowhere and exited 0 (noticed by review). Refused; `-o /dev/null` itself
 * stays allowed: naming it is how a consumer skips events on purpose.
 *
 *   feed -o /dev/stdout >&-        -> refused (exit 2)
 *   feed -o /dev/stdout > out.csv  -> written
 *   feed -o /dev/null              -> the cursor advanced, on purpose
 */
import { fstatSync, statSync } from 'node:fs';
import { EXIT_FAILURE, UserError } from '../errors.js';
import { inheritedDescriptor } from '../output/atomic-write.js';

/** Whether descriptor fd is /dev/null (the same device). */
function isDevNull(fd: number): boolean {
  try {
    const here = fstatSync(fd);
    const nothing = statSync('/dev/null');
    return here.isCharacterDevice() && here.rdev === nothing.rdev;
  } catch {
    return false;
  }
}

export function checkOutputKept(output: string): void {
  const fd = inheritedDescriptor(output);
  if (fd === undefined || !isDevNull(fd)) return;
  throw new UserError(
    `${output} goes to /dev/null (closed, or sent there): the events would be lost and the cursor advanced`,
    EXIT_FAILURE,
    'send the output to a file or a pipe (-o events.csv); to skip events on purpose, pass -o /dev/null',
  );
}
