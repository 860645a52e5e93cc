/**
 * `milestones feed`: hands a consumer every feed row published after its
 * cursor exactly once, across a kill -9 at any instant (docs/FEED.md).
 *
 *   1. read the cursor (seq S) and the warehouse's identity; they must match
 *   2. a pending step left by a killed run: if its output is in place with
 *      its hash, the delivery happened: advance the cursor to its seq (and,
 *      when this run names the same output, that file is this run's output:
 *      stop); otherwise redo it (the cursor was never advanced)
 *   3. write rows (S, M] to a temp file beside the output, hash it
 *   4. record the pending step in the cursor (temp + rename)
 *   5. rename the temp file onto the output
 *   6. advance the cursor to M, dropping the pending step
 * A kill before 4 leaves the cursor at S (redo); between 4 and 6, step 2
 * decides by the hash. No new rows: an empty output (a header in CSV) and
 * the cursor unchanged, so that a fixed output path never holds a batch
 * twice.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ident } from '../compiler/quote.js';
import { RUN_TABLES } from '../compiler/runs/names.js';
import { EXIT_FAILURE, UserError } from '../errors.js';
import { renameKeepingMode, tempPathFor } from '../output/atomic-write.js';
import { writeError } from '../output/write-errors.js';
import type { Warehouse } from '../warehouse/session.js';
import { readCursor, writeCursor, type Cursor } from './cursor.js';
import { faultPoint } from './fault.js';
import { feedCopySql, type FeedFormat } from './feed-query.js';

export interface FeedOptions {
  /** The cursor file (absolute). */
  cursor: string;
  /** The output file (absolute). */
  output: string;
  format: FeedFormat;
}

export interface FeedResult {
  /** Rows written to the output by this run (0: an empty output). */
  rows: number;
  /** The sequence numbers the output holds, (from, to]. */
  from: number;
  to: number;
  /** The output was a killed run's delivery, completed now. */
  completed: boolean;
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

/** The step a killed run left: delivered (output there with its hash) or not. */
function delivered(cursor: Cursor): boolean {
  const pending = cursor.pending;
  return pending !== undefined && existsSync(pending.output) && sha256(pending.output) === pending.sha256;
}

/** Writes rows (from, to] to a temp file beside the output; returns its path and hash. */
async function writeSlice(
  warehouse: Warehouse,
  from: number,
  to: number,
  options: FeedOptions,
): Promise<{ temp: string; hash: string }> {
  const temp = tempPathFor(options.output);
  try {
    await warehouse.run(feedCopySql(from, to, temp, options.format));
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
  if (cursor && cursor.warehouse !== identity) {
    throw new UserError(
      `the cursor ${options.cursor} follows another warehouse (${cursor.warehouse}), not ${warehouse.path} (${identity})`,
      EXIT_FAILURE,
      'pass the cursor of this warehouse, or a new cursor path to start from its first event',
    );
  }
  let from = cursor?.seq ?? 0;
  if (cursor?.pending && delivered(cursor)) {
    const pending = cursor.pending;
    writeCursor(options.cursor, { version: 1, warehouse: identity, seq: pending.seq });
    if (pending.output === options.output) {
      return { rows: pending.seq - cursor.seq, from: cursor.seq, to: pending.seq, completed: true };
    }
    from = pending.seq;
  }
  const last = await lastSeq(warehouse);
  if (last < from) {
    // A warehouse restored from an older copy (same identity, fewer events): the events it
    // numbers from last + 1 on would never be delivered to this cursor.
    throw new UserError(
      `the cursor ${options.cursor} is at event ${from}, but the warehouse's feed ends at event ${last}: ` +
        'the warehouse is older than the cursor (restored from a copy?)',
      EXIT_FAILURE,
      'restore the warehouse the cursor followed, or start a new cursor (a new path) from the first event',
    );
  }
  const to = last;
  const { temp, hash } = await writeSlice(warehouse, from, to, options);
  if (to === from) {
    // Nothing new: an empty output, the cursor unchanged (a new one records the warehouse; an
    // undelivered pending step is dropped).
    renameKeepingMode(temp, options.output);
    if (!cursor || cursor.pending)
      writeCursor(options.cursor, { version: 1, warehouse: identity, seq: from });
    return { rows: 0, from, to, completed: false };
  }
  try {
    writeCursor(options.cursor, {
      version: 1,
      warehouse: identity,
      seq: from,
      pending: { seq: to, output: options.output, sha256: hash },
    });
    faultPoint('after-cursor-pending');
    renameKeepingMode(temp, options.output);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  faultPoint('after-output-rename');
  writeCursor(options.cursor, { version: 1, warehouse: identity, seq: to });
  return { rows: to - from, from, to, completed: false };
}
