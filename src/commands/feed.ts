/**
 * `milestones feed --cursor state.json -o out.csv [--format csv|jsonl|parquet]`:
 * writes the milestone events (completed, updated, lost, regained) and the
 * retractions published after the cursor, then advances the cursor; exactly
 * once across a kill at any instant (feed/run-feed.ts, docs/FEED.md).
 * The format comes from --format, else the output's extension, else CSV.
 */
import { resolve } from 'node:path';
import { EXIT_FAILURE, EXIT_OK, UserError } from '../errors.js';
import type { FeedFormat } from '../feed/feed-query.js';
import { cursorLockPath, cursorPath, withCursorLock } from '../feed/cursor-lock.js';
import { checkOutputKept } from '../feed/discarded-output.js';
import { runFeed } from '../feed/run-feed.js';
import { checkCompressible, formatExtension } from '../output/copy-compression.js';
import { writeTarget } from '../output/atomic-write.js';
import { checkNotConfig, checkNotWarehouse, checkOutputPath, sameFile } from '../output/write-errors.js';
import { withWarehouse } from '../warehouse/session.js';
import { storedWarehouse, type WarehouseFlags } from './warehouse-options.js';

export interface FeedCommandOptions extends WarehouseFlags {
  config?: string;
  db?: string;
  cursor?: string;
  output?: string;
  format?: string;
}

const BY_EXTENSION: Record<string, FeedFormat> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

function chooseFormat(options: FeedCommandOptions, output: string): FeedFormat {
  if (options.format === 'csv' || options.format === 'jsonl' || options.format === 'parquet')
    return options.format;
  const extension = formatExtension(output);
  // Not CSV under a .json name (found by review): the feed writes JSON lines, one event a line.
  if (extension === '.json') {
    throw new UserError(
      `feed writes CSV, JSON lines or Parquet, not one JSON document: ${output}`,
      EXIT_FAILURE,
      'name the output .jsonl (or pass --format jsonl) for one JSON object per event',
    );
  }
  return BY_EXTENSION[extension] ?? 'csv';
}

const CURSOR_HINT = 'choose another cursor path (--cursor FILE)';

export async function run(options: FeedCommandOptions): Promise<number> {
  if (options.cursor === undefined || options.output === undefined) {
    throw new UserError(
      'feed needs --cursor FILE and -o FILE',
      EXIT_FAILURE,
      'e.g. milestones feed --cursor feed-cursor.json -o milestone-events.csv',
    );
  }
  const output = writeTarget(resolve(options.output));
  const cursor = cursorPath(options.cursor);
  // Compared as files: through a linked folder, the output had been written over the cursor (the
  // batch lost, the cursor advanced) and over its lock (found by review).
  if (sameFile(output, cursorLockPath(cursor))) {
    throw new UserError(
      "the output is the cursor's lock file",
      EXIT_FAILURE,
      `name another output than ${cursorLockPath(cursor)}`,
    );
  }
  if (sameFile(output, cursor)) {
    throw new UserError(
      'the cursor and the output are the same file',
      EXIT_FAILURE,
      'name two different files',
    );
  }
  checkOutputPath(output);
  checkOutputKept(output);
  checkOutputPath(cursor, CURSOR_HINT);
  const database = storedWarehouse(options);
  checkNotWarehouse(output, database.path);
  // A cursor named like the warehouse's log was written there, then taken for a log and
  // removed by the next compute: the feed started again from event 1 (found by review).
  checkNotWarehouse(cursor, database.path, CURSOR_HINT);
  checkNotConfig(output, options.config);
  checkNotConfig(cursor, options.config, CURSOR_HINT);
  const format = chooseFormat(options, output);
  checkCompressible(output, format);
  return withCursorLock(cursor, async () => {
    const result = await withWarehouse(database, (w) =>
      runFeed(w, { cursor, output, format, deferAdvance: true }),
    );
    const range = `events ${result.from + 1}..${result.to}`;
    if (result.unconfirmed !== undefined) {
      process.stderr.write(
        `note: a killed run had written ${result.unconfirmed} without finishing (no exit 0, so it was not to be read); its events are in this output again\n`,
      );
    }
    if (result.completed) {
      process.stderr.write(
        `completed an interrupted delivery: ${options.output} holds ${result.rows} ${range}; cursor advanced to ${result.to}\n`,
      );
    } else if (result.rows === 0) {
      process.stderr.write(
        `no new events after ${result.from}: wrote an empty ${options.output} (${format}); cursor unchanged\n`,
      );
    } else {
      process.stderr.write(
        `wrote ${result.rows} ${range} to ${options.output} (${format}); cursor at ${result.to}\n`,
      );
    }
    // The last step: the warehouse is closed and the line above printed.
    result.advance?.();
    return EXIT_OK;
  });
}
