/**
 * Why a warehouse cannot be opened, said as errors the user can act on
 * (exit 2), not as internal failures: a file locked by another process, a
 * missing folder, a file that is not a DuckDB database, no permission.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { openError, Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = () => tempDir('milestones-open-');

/**
 * A child process that opens the file read-write, says "ready" and waits until
 * killed. The timer keeps the instance reachable: a module variable that no
 * closure reads is garbage once the module has run, and collecting the
 * instance closes it and frees the lock (this test failed once on a busy CI
 * machine that way; reproduced with --expose-gc and gc()).
 */
const HOLDER = `
import { DuckDBInstance } from '@duckdb/node-api';
const instance = await DuckDBInstance.create(process.argv[1]);
await (await instance.connect()).run('CREATE TABLE IF NOT EXISTS "t" ("x" INTEGER)');
process.stdout.write('ready\\n');
setInterval(() => void instance, 1000);
`;

async function caught(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('Warehouse.open', () => {
  it('says the file is in use by another process, with its PID, when it is locked', async () => {
    const file = path.join(dir(), 'w.duckdb');
    const holder = execa('node', ['--input-type=module', '-e', HOLDER, file], { cwd: root });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        holder.catch(reject);
      });
      const error = await caught(Warehouse.open(file));
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`the warehouse ${file} is in use by another process (PID ${holder.pid})`);
      expect(error.hint).toBe('wait for the other milestones run to finish, or pass --db');
      const readOnly = await caught(Warehouse.open(file, { readOnly: true }));
      expect(readOnly.message).toContain('is in use by another process');

      // the CLI prints it as a user error with exit 2, not as an internal bug
      const cli = await execa('node', [path.join(root, 'bin/milestones.js'), 'export', 't', '--db', file], {
        cwd: dir(),
        reject: false,
      });
      expect(cli.exitCode).toBe(2);
      expect(cli.stderr).toContain(`the warehouse ${file} is in use by another process (PID ${holder.pid})`);
      expect(cli.stderr).toContain('hint: wait for the other milestones run to finish, or pass --db');
    } finally {
      holder.kill();
      await holder.catch(() => undefined);
    }
  });

  it('says when the folder does not exist', async () => {
    const file = path.join(dir(), 'no', 'such', 'w.duckdb');
    const error = await caught(Warehouse.open(file));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      `the warehouse ${file} cannot be opened: the file or its folder does not exist`,
    );
    const readOnly = await caught(Warehouse.open(file, { readOnly: true }));
    expect(readOnly.message).toContain('does not exist');
  });

  it('says when the file is not a DuckDB database', async () => {
    const file = path.join(dir(), 'notes.duckdb');
    writeFileSync(file, 'hello, this is text\n');
    const error = await caught(Warehouse.open(file));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${file} is not a DuckDB database`);
  });

  it('maps permission denied (DuckDB message; root ignores file modes, so not reproduced on disk)', () => {
    const error = openError(
      '/x/w.duckdb',
      new Error('IO Error: Cannot open file "/x/w.duckdb": Permission denied'),
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      'the warehouse /x/w.duckdb cannot be opened: permission denied',
    );
    const other = new Error('Catalog Error: something else');
    expect(openError('/x/w.duckdb', other)).toBe(other);
  });

  it('says DuckDB ran out of memory (exit 2, with the hint) when opening needs more than the limit', () => {
    // DuckDB's words, with its "Possible solutions" list, which the message leaves out.
    const error = openError(
      '/x/w.duckdb',
      new Error(
        'Out of Memory Error: could not allocate block of size 256.0 KiB (75.0 MiB/75.0 MiB used)\n\nPossible solutions:\n* Reducing the number of threads (SET threads=X)',
      ),
    ) as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe(
      'DuckDB ran out of memory: could not allocate block of size 256.0 KiB (75.0 MiB/75.0 MiB used)',
    );
    expect(error.hint).toMatch(/--memory-limit/);
    expect(error.exitCode).toBe(2);
  });
});
