/**
 * `milestones feed`: hands a consumer every feed row published after its
 * cursor exactly once, across a kill -9 at any instant (docs/FEED.md).
 *
 *   1. read the cursor (seq S) and the warehouse's identity; they must
 *      match, and the row at S must still be the one handed over (its
 *      run's id and finish time: a warehouse restored from a copy and
 *      computed again numbers other rows from there)
 *   2. a pending step left by a killed run, for the output this run names:
 *      if that output is in place with its hash, the delivery happened:
 *      advance the cursor to its seq, and that file is this run's output:
 *      stop. Otherwise (another output, or not in place) redo it from S:
 *      the consumer reads an output only after an exit 0, which that run
 *      never reached
 *   3. write rows (S, M] to a temp file beside the output, hash it
 *   4. record the pending step in the cursor (temp + rename)
 *   5. rename the temp file onto the output
 *   6. advance the cursor to M, dropping the pending step
 * A kill before 4 leaves the cursor at S (redo); between 4 and 6, step 2
 * decides by the hash. No new rows: an empty output (a header in CSV) and
 * the cursor unchanged, so that a fixed output path never holds a batch
 * twice. A device or pipe as output (`-o /dev/stdout`) is written in place
 * after 3, then the cursor advanced: a kill in between writes those rows
 * again next time (at least once: a stream cannot be checked afterwards).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ident, literal } from '../compiler/quote.js';
import { RUN_TABLES } from '../compiler/runs/names.js';
import { EXIT_FAILURE, UserError } from '../errors.js';
import { copyIntoStream, isStream, renameKeepingMode, stagingPathFor } from '../output/atomic-write.js';
import { writeError } from '../output/write-errors.js';
import type { Warehouse } from '../warehouse/session.js';
import { readCursor, writeCursor, type Cursor } from './cursor.js';
import { faultPoint } from './fault.js';
import { feedCopySql, isoInstant, type FeedFormat } from './feed-query.js';

export interface FeedOptions {
  /** The cursor file (absolute). */
  cursor: string;
  /** The output file (absolute). */
  output: string;
  format: FeedFormat;
  /**
   * Leave the cursor's last write to the caller (FeedResult.advance): the
   * command makes it its very last step, after closing the warehouse and
   * printing, so that a kill between it and the exit (when the consumer
   * does not read the output, yet the cursor has moved past it) has the
   * smallest window; it had been 63 ms (found by review; docs/FEED.md).
   */
  deferAdvance?: boolean;
}

export interface FeedResult {
  /** Rows written to the output by this run (0: an empty output). */
  rows: number;
  /** The sequence numbers the output holds, (from, to]. */
  from: number;
  to: number;
  /** The output was a killed run's delivery, completed now. */
  completed: boolean;
  /** A killed run's output, not this one, whose rows this output holds again. */
  unconfirmed?: string;
  /** With deferAdvance: moves the cursor; the caller's last step before exit 0. */
  advance?: () => void;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function warehouseIdentity(warehouse: Warehouse): Promise<string> {
  const present =
    (await warehouse.tableExists(RUN_TABLES.identity)) && (await warehouse.tableExists(RUN_TABLES.feed));
  const row = present
    ? await warehouse.one<{ id: string }>(`SELECT "warehouse_id" AS id FROM ${ident(RUN_TABLES.identity)}`)
    : undefined;
  if (!row) {
    throw new UserError(
      `the warehouse ${warehouse.path} has no feed yet: nothing was ever computed into it`,
      EXIT_FAILURE,
      'run milestones compute first',
    );
  }
  return row.id;
}

async function lastSeq(warehouse: Warehouse): Promise<number> {
  const row = await warehouse.one<{ seq: bigint | null }>(
    `SELECT max("seq") AS seq FROM ${ident(RUN_TABLES.feed)}`,
  );
  return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq);
}

/**
 * Which row seq is: its run's id and finish time (`2@2026-01-04T06:00:09.412305Z`),
 * undefined for 0 (before the first row) or a row the feed does not have.
 */
async function seqMark(warehouse: Warehouse, seq: number): Promise<string | undefined> {
  if (seq === 0) return undefined;
  const row = await warehouse.one<{ mark: string }>(
    `SELECT concat(f."run_id", '@', ${isoInstant('r."finished_at"')}) AS "mark" ` +
      `FROM ${ident(RUN_TABLES.feed)} AS f JOIN ${ident(RUN_TABLES.runs)} AS r ON r."run_id" = f."run_id" ` +
      `WHERE f."seq" = ${literal(seq)}`,
  );
  return row?.mark;
}

function olderWarehouse(cursor: string, seq: number, last: number): UserError {
  return new UserError(
    `the cursor ${cursor} is at event ${seq}, but the warehouse's feed ends at event ${last}: ` +
      'the warehouse is older than the cursor (restored from a copy?)',
    EXIT_FAILURE,
    'restore the warehouse the cursor followed, or start a new cursor (a new path) from the first event',
  );
}

/** `{ mark }` of the row at seq, or nothing. */
async function seqMarkOf(warehouse: Warehouse, seq: number): Promise<{ mark?: string }> {
  const mark = await seqMark(warehouse, seq);
  return mark !== undefined ? { mark } : {};
}

/** The cursor at seq, with the mark of the row there. */
async function cursorAt(warehouse: Warehouse, identity: string, seq: number): Promise<Cursor> {
  return { version: 1, warehouse: identity, seq, ...(await seqMarkOf(warehouse, seq)) };
}

/** The step a killed run left for this output: delivered (there with its hash, in the format asked for) or not. */
function delivered(cursor: Cursor, output: string, format: FeedFormat): boolean {
  const pending = cursor.pending;
  return (
    pending !== undefined &&
    pending.output === output &&
    (pending.format === undefined || pending.format === format) &&
    existsSync(pending.output) &&
    sha256(pending.output) === pending.sha256
  );
}

/** Writes rows (from, to] to a temp file beside the output; returns its path and hash. */
async function writeSlice(
  warehouse: Warehouse,
  from: number,
  to: number,
  options: FeedOptions,
): Promise<{ temp: string; hash: string }> {
  const temp = stagingPathFor(options.output);
  try {
    await warehouse.run(feedCopySql(from, to, temp, options.format, options.output));
    return { temp, hash: sha256(temp) };
  } catch (error) {
    rmSync(temp, { force: true });
    // A folder it may not write is the user's to fix, not an internal error (found by a review).
    throw writeError(options.output, error);
  }
}

export async function runFeed(warehouse: Warehouse, options: FeedOptions): Promise<FeedResult> {
  const cursor = readCursor(options.cursor);
  const identity = await warehouseIdentity(warehouse);
  // The cursor's last write, now or (deferAdvance) by the caller as its last step.
  const advancing = (next: Cursor, result: FeedResult): FeedResult => {
    const advance = () => writeCursor(options.cursor, next);
    if (options.deferAdvance) return { ...result, advance };
    advance();
    return result;
  };
  if (cursor && cursor.warehouse !== identity) {
    throw new UserError(
      `the cursor ${options.cursor} follows another warehouse (${cursor.warehouse}), not ${warehouse.path} (${identity})`,
      EXIT_FAILURE,
      'pass the cursor of this warehouse, or a new cursor path to start from its first event',
    );
  }
  const from = cursor?.seq ?? 0;
  await checkMark(warehouse, cursor, options.cursor);
  if (cursor?.pending && delivered(cursor, options.output, options.format)) {
    const pending = cursor.pending;
    // The file holds the rows the warehouse had then. Restored from an older copy since, the
    // warehouse may end before them, or (computed again) hold other rows there: completing
    // would hand over rows it no longer has, and skip the ones it numbers there (found by review).
    const end = await lastSeq(warehouse);
    if (end < pending.seq) throw olderWarehouse(options.cursor, pending.seq, end);
    await checkMark(warehouse, { ...cursor, seq: pending.seq, mark: pending.mark }, options.cursor);
    return advancing(await cursorAt(warehouse, identity, pending.seq), {
      rows: pending.seq - cursor.seq,
      from: cursor.seq,
      to: pending.seq,
      completed: true,
    });
  }
  const last = await lastSeq(warehouse);
  // A warehouse restored from an older copy (same identity, fewer events): the events it
  // numbers from last + 1 on would never be delivered to this cursor.
  if (last < from) throw olderWarehouse(options.cursor, from, last);
  const to = last;
  const pending = cursor?.pending;
  const unconfirmed = pending && pending.output !== options.output ? { unconfirmed: pending.output } : {};
  const { temp, hash } = await writeSlice(warehouse, from, to, options);
  if (isStream(options.output)) {
    // Written in place, then the cursor advanced (at least once across a kill: see above).
    await copyIntoStream(temp, options.output).catch((error: unknown) => {
      throw writeError(options.output, error);
    });
    faultPoint('after-output-rename');
    const result = { rows: to - from, from, to, completed: false, ...unconfirmed };
    return to !== from || !cursor || cursor.pending
      ? advancing(await cursorAt(warehouse, identity, to), result)
      : result;
  }
  if (to === from) {
    // Nothing new: an empty output, the cursor unchanged (a new one records the warehouse; an
    // undelivered pending step is dropped).
    renameKeepingMode(temp, options.output);
    const result = { rows: 0, from, to, completed: false };
    return !cursor || cursor.pending ? advancing(await cursorAt(warehouse, identity, from), result) : result;
  }
  try {
    writeCursor(options.cursor, {
      ...(await cursorAt(warehouse, identity, from)),
      pending: {
        seq: to,
        output: options.output,
        sha256: hash,
        format: options.format,
        ...(await seqMarkOf(warehouse, to)),
      },
    });
    faultPoint('after-cursor-pending');
    renameKeepingMode(temp, options.output);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  faultPoint('after-output-rename');
  return advancing(await cursorAt(warehouse, identity, to), {
    rows: to - from,
    from,
    to,
    completed: false,
    ...unconfirmed,
  });
}

/**
 * The row at the cursor's seq must be the one handed over. A warehouse
 * restored from a copy keeps its identity; computed again, it numbers new
 * rows from the copy's last seq, and a cursor past that seq would skip them
 * (and the retractions of what it was told) in silence. Cursors written
 * before marks existed are not checked.
 */
async function checkMark(warehouse: Warehouse, cursor: Cursor | undefined, path: string): Promise<void> {
  if (cursor?.mark === undefined) return;
  const mark = await seqMark(warehouse, cursor.seq);
  if (mark === undefined || mark === cursor.mark) return; // Past the end: the check after says so.
  throw new UserError(
    `the cursor ${path} ${cursor.pending?.seq === cursor.seq ? 'was being handed' : 'was handed'} event ${cursor.seq} of run ${cursor.mark}, but the warehouse's event ` +
      `${cursor.seq} is from run ${mark}: the warehouse's feed was rebuilt under the cursor (restored from a copy, then computed?)`,
    EXIT_FAILURE,
    'restore the warehouse the cursor followed, or start a new cursor (a new path) and reconcile the consumer from the first event',
  );
}
