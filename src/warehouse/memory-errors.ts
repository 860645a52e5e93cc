/**
 * DuckDB's "Out of Memory Error" as what the user can do about it: DuckDB
 * spills what it can past its memory limit, and what it cannot (a hash
 * table's working set, a reader's buffers) must fit under it.
 *
 *   Out of Memory Error: could not allocate block of size 30.5 MiB (10.2 MiB/38.1 MiB used)\n\nPossible solutions: …
 *   -> UserError('DuckDB ran out of memory: could not allocate block of size 30.5 MiB (10.2 MiB/38.1 MiB used)')
 */
import { UserError } from '../errors.js';

const OUT_OF_MEMORY = /Out of Memory Error:\s*([^\n]*)/i;

/** The UserError (exit 2) for an out-of-memory failure, or undefined for any other error. */
export function outOfMemoryError(error: unknown): UserError | undefined {
  const match = OUT_OF_MEMORY.exec(error instanceof Error ? error.message : String(error));
  if (!match) return undefined;
  const detail = (match[1] ?? '').replace(/\s*Possible solutions:.*$/i, '').trim();
  return new UserError(
    `DuckDB ran out of memory${detail ? `: ${detail}` : ''}`,
    undefined,
    'raise --memory-limit (or warehouse: memory_limit), or lower --threads; nothing was changed',
  );
}
