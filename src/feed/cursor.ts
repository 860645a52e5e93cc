/**
 * The consumer's cursor file (docs/FEED.md): which warehouse it follows, the
 * last feed sequence number it has been handed (with the mark of that row's
 * run, so that a feed rebuilt under it is noticed), and, only while a delivery
 * is under way, the pending step: the sequence the output will carry the
 * cursor to, the output's path and the SHA-256 of its content. Written
 * atomically (temp file + rename), so a kill leaves the old or the new
 * cursor, never half of one.
 *
 *   {"version": 1, "warehouse": "0b6c...", "seq": 80, "mark": "7@2026-01-04T06:00:09.412305Z",
 *    "pending": {"seq": 95, "output": "/srv/feed/out.csv", "sha256": "9f2c..."}}
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { EXIT_FAILURE, UserError } from '../errors.js';
import { writeFileAtomic } from '../output/atomic-write.js';

const PendingSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  output: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The output's format: a run asking for another one writes the rows again (absent in older cursors). */
  format: z.enum(['csv', 'jsonl', 'parquet']).optional(),
  /** The mark of the row at seq when the output was written: checked before the delivery completes. */
  mark: z.string().min(1).optional(),
});

const CursorSchema = z.strictObject({
  version: z.literal(1),
  warehouse: z.string().min(1),
  seq: z.number().int().nonnegative(),
  /** The row at seq: its run's id and finish time, `2@2026-01-04T06:00:09.412305Z` (absent at 0, and in older cursors). */
  mark: z.string().min(1).optional(),
  pending: PendingSchema.optional(),
});

export type Cursor = z.infer<typeof CursorSchema>;
export type PendingDelivery = z.infer<typeof PendingSchema>;

const corrupt = (path: string, why: string) =>
  new UserError(
    `the cursor ${path} is not a milestones feed cursor: ${why}`,
    EXIT_FAILURE,
    'pass the cursor file an earlier `milestones feed` wrote (or a new path to start from the first event)',
  );

/** The cursor at path; undefined when there is no file (a new consumer starts before the first event). */
export function readCursor(path: string): Cursor | undefined {
  if (!existsSync(path)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw corrupt(path, error instanceof Error ? error.message : String(error));
  }
  const parsed = CursorSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(path, `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function writeCursor(path: string, cursor: Cursor): void {
  writeFileAtomic(path, JSON.stringify(cursor, null, 2) + '\n');
}
