/**
 * Writing a file the user named (`schema -o`, `init -o`): atomically, and a
 * failure (missing folder, no permission) is a user error with a hint, not a stack.
 */
import { EXIT_FAILURE, UserError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';

export function writeUserFile(target: string, content: string, what: string): void {
  try {
    writeFileAtomic(target, content);
  } catch (error) {
    // writeFileAtomic already explains its failures ("cannot write X: the folder
    // does not exist"): name what was being written instead of saying it twice.
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.replace(`cannot write ${target}: `, '');
    const hint = error instanceof UserError ? error.hint : undefined;
    throw new UserError(
      `cannot write ${what} to ${target}: ${reason}`,
      EXIT_FAILURE,
      hint ?? 'check that the folder exists and is writable, or pass -o with another path',
    );
  }
}
