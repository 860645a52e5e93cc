/**
 * The files behind a source: globs expanded by DuckDB's own `glob()` (the
 * same rules its readers use), each file hashed by content so that loading
 * is idempotent. Hashing streams the bytes; it does not parse them. A file
 * whose size and modification time (to the nanosecond) are those recorded
 * when it was last loaded keeps that load's hash without being read again
 * (identifyFile): every command checks its sources, and reading a 3.2 GB
 * Parquet file each time cost seconds.
 */
import { createHash } from 'node:crypto';
import { createGunzip, type Gunzip } from 'node:zlib';
import { createReadStream, existsSync, readdirSync, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { SourceFormat } from '../definitions/model.js';
import { didYouMean } from '../definitions/suggest.js';
import { str } from '../compiler/quote.js';
import { isUrl, resolvePattern } from '../definitions/sources.js';
import { EXIT_FAILURE, InvalidInputError, UserError } from '../errors.js';
import type { Warehouse } from './session.js';
import { checkRegularFile, notRegularFile } from './source-checks.js';
import { fileCompression } from './read-sql.js';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  sha256: string;
  bytes: number;
  /** Modification time in nanoseconds since the epoch; null when it could not be read. */
  mtimeNs: bigint | null;
  format: SourceFormat;
}

/** What the last load of a file recorded: its hash, and its size and modification time then. */
export interface KnownFile {
  sha256: string;
  bytes: bigint | null;
  mtimeNs: bigint | null;
}

/**
 * The file's hash, size and modification time: the recorded hash when the
 * size and modification time are unchanged since `known` was recorded, else
 * hashFile's. The time is read before the bytes, so a file changing while it
 * is hashed has another time on the next run and is hashed again.
 */
export async function identifyFile(
  path: string,
  known: KnownFile | undefined,
): Promise<{ sha256: string; bytes: number; mtimeNs: bigint | null }> {
  const stats = await stat(path, { bigint: true }).catch(() => undefined);
  const mtimeNs = stats?.mtimeNs ?? null;
  if (
    stats !== undefined &&
    known !== undefined &&
    known.bytes === stats.size &&
    known.mtimeNs !== null &&
    known.mtimeNs === stats.mtimeNs
  ) {
    return { sha256: known.sha256, bytes: Number(stats.size), mtimeNs };
  }
  return { ...(await hashFile(path)), mtimeNs };
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Absolute paths matching the patterns (relative ones resolve against baseDir),
 * sorted and without duplicates. A pattern that matches nothing is an error:
 * a source that silently loads no file would hide a typo.
 */
export async function resolveSourcePaths(
  warehouse: Warehouse,
  patterns: string[],
  baseDir: string,
  what: string,
  /** The config setting the patterns come from (`sources.events.path`); none for the command line's. */
  setting?: string,
): Promise<string[]> {
  const found = new Set<string>();
  for (const [index, pattern] of patterns.entries()) {
    if (isUrl(pattern)) {
      throw new InvalidInputError(
        `${what}: cannot load "${pattern}": remote files are not supported yet`,
        [],
        'download the files and point path: at the local copies',
      );
    }
    const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
    // The folder a relative pattern starts from is a place, not a pattern (resolvePattern).
    const glob = resolvePattern(baseDir, pattern);
    const rows = await warehouse.all<{ file: string }>(`SELECT "file" FROM glob(${str(glob)})`);
    if (rows.length === 0) {
      const error = noMatch(pattern, absolute, what);
      if (setting !== undefined) error.setting = patterns.length > 1 ? `${setting}.${index}` : setting;
      throw error;
    }
    for (const row of rows) found.add(resolve(row.file));
  }
  // Before anything reads them: a FIFO would make the hash wait forever.
  for (const path of found) {
    checkRegularFile(path, what);
    const unreadablePath = backslashError(path, what);
    if (unreadablePath) throw unreadablePath;
  }
  return [...found].sort();
}

/**
 * DuckDB's readers glob every path, and a path with `[`, `*` or `?` must be
 * escaped (globLiteral); with a backslash too, no escaping reaches the file:
 * DuckDB's glob reads `\` as a folder separator (`ev\b[1].csv` failed with
 * "check that the file is CSV"; found by review). Said plainly instead.
 */
function backslashError(path: string, what: string): InvalidInputError | undefined {
  if (!path.includes('\\') || !/[*?[]/.test(path)) return undefined;
  return new InvalidInputError(
    `${what}: cannot read "${path}": DuckDB cannot read a path that has both a backslash and one of [ * ?`,
    [],
    'rename the file (or its folder) without the backslash, or name the files one by one without [ * ?',
  );
}

/** A pattern as the user wrote it: globLiteral's one-character classes back to their character. */
const asWritten = (pattern: string) => pattern.replace(/\[([*?[])\]/g, '$1');

function noMatch(escaped: string, escapedAbsolute: string, what: string): InvalidInputError {
  // Glob characters outside globLiteral's classes (a folder's `[1]` is a name, not a pattern).
  const isGlob = GLOB_CHARS.test(escaped.replace(/\[[*?[]\]|\]/g, ''));
  const pattern = asWritten(escaped);
  const absolute = asWritten(escapedAbsolute);
  // DuckDB's glob() lists regular files only: a folder or a device named outright matches nothing.
  const notFile = isGlob ? undefined : notRegularFile(pattern, absolute, what);
  if (notFile) return notFile;
  // The config's paths are absolute already: the path once, not twice.
  const where = pattern === absolute ? '' : ` (${absolute})`;
  const message = isGlob
    ? `${what}: no file matches "${pattern}"${where}`
    : `${what}: file "${pattern}" does not exist${where}`;
  // DuckDB's glob reads a backslash as a folder separator: `d\e/*.csv` lists nothing (found by review).
  const backslash = backslashError(absolute, what);
  if (backslash) return backslash;
  let hint = 'check the path; relative paths are resolved against the folder of the config file';
  if (!isGlob) {
    const folder = dirname(absolute);
    const siblings = existsSync(folder) ? readdirSync(folder) : [];
    const suggestion = didYouMean(basename(absolute), siblings);
    if (suggestion) hint = `${suggestion.replace(/\?$/, '')} in ${folder}?`;
  }
  return new InvalidInputError(message, [], hint);
}

/** Bytes per read while hashing: the default 64 KiB makes hashing a 1 GB file a third slower. */
const HASH_CHUNK = 1024 * 1024;

/**
 * sha256 of the file's content, streamed: of the decompressed bytes for a
 * `.gz` file (DuckDB's reader goes by the same extension), so that a gzip copy
 * of a loaded CSV is the same content and adds nothing. `.zst` files are
 * hashed as stored: Node 20 has no zstd decoder. `bytes` is the stored size.
 */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const raw = createReadStream(path, { highWaterMark: HASH_CHUNK });
    raw.on('data', (chunk) => (bytes += chunk.length));
    for await (const chunk of fileCompression(path) === 'gzip' ? gunzipped(raw) : raw)
      hash.update(chunk as Buffer);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    if (reason.startsWith('Z_')) {
      const hint =
        'the file is not valid gzip: compress it again, or drop the .gz extension if it is plain CSV';
      throw new InvalidInputError(`cannot read ${path} (${(error as Error).message})`, [], hint);
    }
    throw new UserError(`cannot read ${path} (${reason})`, EXIT_FAILURE, "check the file's permissions");
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** The decompressed stream; an error reading the file ends it too (pipe alone would leave it waiting). */
function gunzipped(raw: ReadStream): Gunzip {
  const gunzip = createGunzip({ chunkSize: HASH_CHUNK });
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

/**
 * A file's format: `.parquet` files are Parquet whatever the source says (an
 * ad hoc `load events x.parquet` with a CSV source), and CSV-named files are
 * CSV in a Parquet source; otherwise the source's format, so that a
 * `format: parquet` source reads Spark's `part-00000` or a `.pq` file as
 * Parquet (they were read as CSV, and failed as "not CSV": a loading review).
 */
export function formatOf(path: string, declared: SourceFormat): SourceFormat {
  if (/\.parquet$/i.test(path)) return 'parquet';
  if (declared === 'parquet' && /\.(csv|tsv|txt)(\.(gz|gzip|zst|zstd))?$/i.test(path)) return 'csv';
  return declared;
}

/** The file name without its extensions: `survey_2026.csv.gz` -> `survey_2026`. */
export function fileStem(path: string): string {
  return basename(path).replace(/(\.(csv|tsv|txt|parquet|gz|gzip|zst|zstd))+$/i, '');
}
