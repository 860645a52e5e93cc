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
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(
      `cannot write ${what} to ${target}: ${reason}`,
      EXIT_FAILURE,
      'check that the folder exists and is writable, or pass -o with another path',
    );
  }
}
