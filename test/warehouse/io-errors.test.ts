/**
 * DuckDB failures that can strike any statement, mapped to user errors that
 * blame the right file: the warehouse when it is the one damaged, a source
 * file when DuckDB names that one, the disk when it is full.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { ioError } from '../../src/warehouse/open-errors.js';

const mapped = (error: Error) => {
  const result = ioError('/w/milestones.duckdb', error);
  expect(result).toBeInstanceOf(UserError);
  return result as UserError;
};

describe('ioError', () => {
  it('a short read of the warehouse is a damaged warehouse', () => {
    const error = mapped(
      new Error(
        'IO Error: Could not read enough bytes from file "/w/milestones.duckdb": attempted to read 262144 bytes',
      ),
    );
    expect(error.message).toBe(
      'the warehouse /w/milestones.duckdb is damaged (truncated or corrupt) and cannot be read',
    );
    expect(error.exitCode).toBe(2);
  });

  it('a short read of a source file blames that file, not the warehouse', () => {
    const error = mapped(
      new Error('IO Error: Could not read enough bytes from file "/data/events.parquet": attempted'),
    );
    expect(error.message).toBe('/data/events.parquet cannot be read: it is truncated or damaged');
  });

  it('a failed checksum (no file named) is the warehouse', () => {
    const error = mapped(
      new Error('IO Error: Corrupt database file: computed checksum 1 does not match stored checksum 2'),
    );
    expect(error.message).toContain('the warehouse /w/milestones.duckdb is damaged');
  });

  it('a full disk names the file being written', () => {
    const error = mapped(
      new Error(
        'TransactionContext Error: Failed to commit: Could not write file "/w/milestones.duckdb.wal": No space left on device',
      ),
    );
    expect(error.message).toBe('the disk is full: could not write /w/milestones.duckdb.wal');
  });

  it('passes other errors and user errors on unchanged', () => {
    const other = new Error('Binder Error: something');
    expect(ioError('/w/milestones.duckdb', other)).toBe(other);
    const user = new UserError('No space left on device, said by us');
    expect(ioError('/w/milestones.duckdb', user)).toBe(user);
  });
});
