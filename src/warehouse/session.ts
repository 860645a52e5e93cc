/**
 * The DuckDB session: the one place that opens a database. Everything that
 * talks to DuckDB goes through a Warehouse so that connection settings
 * (UTC session time zone, threads) and transactions are handled once.
 */
import { existsSync, rmSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import type { WarehouseSettings } from '../definitions/model.js';
import { str } from '../compiler/quote.js';
import type { Footprint } from './disk-full.js';
import { DiskFullError, diskFullOr, footprint, reclaimFailedGrowth } from './disk-full.js';
import { createInstance, duckdbMemoryBytes } from './duckdb-instance.js';
import { ioError } from './open-errors.js';

export type Param = DuckDBValue;

const UTC = "SET TimeZone = 'UTC'";
const RESET_ORDER = 'RESET preserve_insertion_order';

export interface OpenOptions {
  readOnly?: boolean;
  /** Memory limit, threads and spill folder (duckdb-instance.ts); unset fields take the defaults. */
  settings?: WarehouseSettings;
  /** Called by withWarehouse once the warehouse is open (the --verbose line on the settings in force). */
  onOpen?: (warehouse: Warehouse) => Promise<void>;
}

/** The resource settings DuckDB reports, as it reads them (`--verbose` prints them). */
export interface Resources {
  /** DuckDB's text, e.g. "1.8 GiB". */
  memoryLimit: string;
  threads: number;
  /** DuckDB's text: the folder, or ".tmp" (relative to the working folder) for an in-memory warehouse. */
  tempDirectory: string;
}

export { openError } from './open-errors.js';

export class Warehouse {
  private inTransaction = false;
  /** Set by discardingPublishes: transaction() leaves its transaction open instead of committing. */
  private holdCommits = false;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    /** DuckDB's memory_limit as the instance was opened with it, in bytes. */
    readonly memoryLimitBytes: number,
    /** False for a second connection (see connectAgain): closing it leaves the database open. */
    private readonly ownsInstance = true,
  ) {}

  static async open(path: string, options: OpenOptions = {}): Promise<Warehouse> {
    const instance = await createInstance(path, options);
    try {
      const connection = await instance.connect();
      // Stored timestamps are naive UTC; the session zone must never shift them.
      await connection.run(UTC);
      return new Warehouse(path, instance, connection, duckdbMemoryBytes(options.settings));
    } catch (error) {
      instance.closeSync();
      throw ioError(path, error);
    }
  }

  /**
   * A second connection to the same database, so that a long read can run on
   * DuckDB's threads while this connection runs others (one connection runs
   * one statement at a time). It sees what this one committed; close it
   * before this one.
   */
  async connectAgain(): Promise<Warehouse> {
    const connection = await this.instance.connect();
    try {
      await connection.run(UTC);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
    return new Warehouse(this.path, this.instance, connection, this.memoryLimitBytes, false);
  }

  /**
   * Runs `work` with DuckDB's memory_limit at most `bytes` (a lower limit the
   * warehouse was opened with stays), then sets the opening limit back. The
   * setting is the instance's: while it runs, other connections get the cap too.
   */
  async withMemoryCap<T>(bytes: number, work: () => Promise<T>): Promise<T> {
    if (!(this.memoryLimitBytes > bytes)) return work();
    await this.run(`SET memory_limit = '${Math.floor(bytes)}B'`);
    try {
      return await work();
    } finally {
      // In an aborted transaction this is refused; restoreMemoryLimit runs after the rollback.
      await this.restoreMemoryLimit().catch(() => undefined);
    }
  }

  /**
   * Runs `work` with DuckDB's `preserve_insertion_order` off: an INSERT or
   * CREATE TABLE AS then writes on every thread, and its rows are stored in
   * no particular order (kept on, a write whose query joins runs on one
   * thread). Only for writes whose readers sort; then the default is back.
   */
  async unordered<T>(work: () => Promise<T>): Promise<T> {
    await this.run('SET preserve_insertion_order = false');
    try {
      return await work();
    } finally {
      // In an aborted transaction this is refused; transaction() resets it after the rollback.
      await this.run(RESET_ORDER).catch(() => undefined);
    }
  }

  /** Sets DuckDB's memory_limit back to the one the warehouse was opened with. */
  async restoreMemoryLimit(): Promise<void> {
    if (Number.isFinite(this.memoryLimitBytes) && this.memoryLimitBytes > 0)
      await this.run(`SET memory_limit = '${Math.floor(this.memoryLimitBytes)}B'`);
  }

  /** Runs one or more statements, discarding results. */
  async run(sql: string, params?: Param[]): Promise<void> {
    if (params && params.length > 0) await this.connection.run(sql, params);
    else await this.connection.run(sql);
  }

  /** Reads a SMALL result as JS objects (BIGINT -> bigint, TIMESTAMP -> Date). */
  async all<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]> {
    const reader =
      params && params.length > 0
        ? await this.connection.runAndReadAll(sql, params)
        : await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as T[];
  }

  /** Reads a SMALL result as JSON-safe objects (BIGINT -> string, TIMESTAMP -> ISO-like text). */
  async allJson<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T[]> {
    const reader =
      params && params.length > 0
        ? await this.connection.runAndReadAll(sql, params)
        : await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as T[];
  }

  /** The first row of a small query, or undefined. */
  async one<T = Record<string, unknown>>(sql: string, params?: Param[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Whether a transaction is open: a second connection (connectAgain) does not see its changes. */
  get transactionOpen(): boolean {
    return this.inTransaction;
  }

  /** Runs fn inside BEGIN/COMMIT; any error rolls everything back. Inside another transaction fn joins it. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    await this.connection.run('BEGIN TRANSACTION');
    this.inTransaction = true;
    let held = false;
    try {
      const result = await fn();
      // Held (discardingPublishes): left open, rolled back when that ends.
      held = this.holdCommits;
      if (!held) await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      // A failed statement aborts the transaction before withTimeZone (or unordered) can restore the setting.
      await this.connection.run(UTC).catch(() => undefined);
      await this.connection.run(RESET_ORDER).catch(() => undefined);
      throw error;
    } finally {
      if (!held) this.inTransaction = false;
    }
  }

  /**
   * Runs fn with its publishes held: the first transaction fn opens is not
   * committed but stays open, later statements run inside it (they see what
   * it published), and everything in it is rolled back when fn ends. A
   * command that computes at a T of its own (`report --as-of`) reads what the
   * compute published and keeps none of it (no run, no feed rows). The build
   * statements before the publish run as usual: inside a transaction, the
   * rows a statement adds to a table made in it get transaction-local rowids,
   * and the actors tables number actors by rowid. Loads belong before it.
   */
  async discardingPublishes<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction || this.holdCommits) throw new Error('discardingPublishes() inside a transaction');
    this.holdCommits = true;
    try {
      return await fn();
    } finally {
      this.holdCommits = false;
      if (this.inTransaction) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        await this.connection.run(UTC).catch(() => undefined);
        this.inTransaction = false;
      }
    }
  }

  /**
   * Runs fn with the session TimeZone set to zone, so that casting a naive
   * timestamp to TIMESTAMPTZ reads it in that zone. The zone is back to UTC
   * afterwards, also when fn fails inside a transaction (see transaction()).
   */
  async withTimeZone<T>(zone: string, fn: () => Promise<T>): Promise<T> {
    if (zone === 'UTC') return fn();
    await this.connection.run(`SET TimeZone = ${str(zone)}`);
    try {
      return await fn();
    } finally {
      await this.connection.run(UTC).catch((error: unknown) => {
        if (!this.inTransaction) throw error;
      });
    }
  }

  async tableExists(name: string): Promise<boolean> {
    const row = await this.one<{ n: bigint }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?",
      [name],
    );
    return (row?.n ?? 0n) > 0n;
  }

  /** Whether a table exists in another schema than `main` (the incremental state's). */
  async schemaTableExists(schema: string, name: string): Promise<boolean> {
    const row = await this.one<{ n: bigint }>(
      'SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
      [schema, name],
    );
    return (row?.n ?? 0n) > 0n;
  }

  async columns(table: string): Promise<{ name: string; type: string }[]> {
    return this.all<{ name: string; type: string }>(
      "SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
      [table],
    );
  }

  /** Whether a table of `main` has exactly these columns, in this order and of these types. */
  async hasLayout(table: string, columns: readonly (readonly [string, string])[]): Promise<boolean> {
    const stored = await this.columns(table);
    return (
      stored.length === columns.length &&
      stored.every((c, i) => c.name === columns[i]![0] && c.type === columns[i]![1])
    );
  }

  /** The memory limit, threads and spill folder in force, read back from DuckDB. */
  async resources(): Promise<Resources> {
    const row = await this.one<{ memory: string; threads: bigint; temp: string }>(
      "SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads, current_setting('temp_directory') AS temp",
    );
    return {
      memoryLimit: row?.memory ?? '',
      threads: Number(row?.threads ?? 0),
      tempDirectory: row?.temp ?? '',
    };
  }

  private closed = false;

  /** Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/** The warehouse file, or the file and how to open it (`{ path, ...openOptions }`). */
export type WarehouseTarget = string | ({ path: string } & OpenOptions);

/** Opens a warehouse, runs fn, and always closes it. */
export async function withWarehouse<T>(
  target: WarehouseTarget,
  fn: (warehouse: Warehouse) => Promise<T>,
  given: OpenOptions = {},
): Promise<T> {
  const { path, ...opening } = typeof target === 'string' ? { path: target } : target;
  const options: OpenOptions = { ...opening, ...given };
  const isNew = path !== ':memory:' && !existsSync(path);
  const before = footprint(path);
  const warehouse = await Warehouse.open(path, options);
  try {
    await options.onOpen?.(warehouse);
    return await fn(warehouse);
  } catch (error) {
    warehouse.close();
    // A run that failed on a warehouse it created leaves no empty file behind.
    if (isNew) for (const file of [path, `${path}.wal`]) rmSync(file, { force: true });
    // A full disk, a read-only mount or a damaged block can strike any statement;
    // after a full disk the failed write's growth of the file is given back.
    const failure = diskFullOr(error, path);
    if (failure instanceof DiskFullError && !isNew && before) await giveBackSpace(before);
    throw ioError(path, failure);
  } finally {
    warehouse.close();
  }
}

/**
 * After a write failed on a full disk: the rolled-back rows' blocks are cut
 * off the file (disk-full.ts), with the database reopened read-only so that
 * DuckDB says how many blocks it holds and no writer opens it meanwhile.
 * Best effort: when this fails too, the file stays as it is (still valid).
 */
async function giveBackSpace(before: Footprint): Promise<void> {
  try {
    const reopened = await Warehouse.open(before.path, { readOnly: true });
    try {
      const row = await reopened.one<{ blocks: bigint; size: bigint }>(
        'SELECT total_blocks AS blocks, block_size AS size FROM pragma_database_size() WHERE database_name = current_database()',
      );
      if (row) reclaimFailedGrowth(before, { blocks: BigInt(row.blocks), blockSize: BigInt(row.size) });
    } finally {
      reopened.close();
    }
  } catch {
    // The space stays taken; the database is intact either way.
  }
}
