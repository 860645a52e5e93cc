/**
 * Amounts of memory as people write them, for `--memory-limit` and
 * `warehouse: {memory_limit}`: a number and a unit, decimals allowed.
 * KB, MB, GB and TB are powers of 1000 and KiB, MiB, GiB and TiB powers of
 * 1024, as DuckDB reads them (its `SET memory_limit = '2GB'` is 2·10⁹ bytes).
 * Units are case-insensitive; a bare number is refused (bytes? megabytes?).
 *
 *   parseSize('2GB')    -> { ok: true, bytes: 2_000_000_000 }
 *   parseSize('512MiB') -> { ok: true, bytes: 536_870_912 }
 *   parseSize('2 gigs') -> { ok: false, message: '"2 gigs" is not a size', hint: 'write …' }
 */

const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** For editors (the JSON Schema); the parser below gives the messages. */
export const SIZE_PATTERN = '^[0-9]+(\\.[0-9]+)? ?([KkMmGgTt][Ii]?)?[Bb]$';
const SIZE = /^(-?[0-9]*\.?[0-9]+)\s*([a-zA-Z]*)$/;

/**
 * Below this DuckDB cannot even read a CSV (its reader takes 32 MB buffers).
 * Measured on the example: load and compute fail with DuckDB's limit at 48 MB
 * and pass at 64 MB, with one thread or two; DuckDB gets 75% of the budget
 * (warehouse/machine-memory.ts), so the smallest budget is 100 MB (75 MB).
 */
export const MIN_MEMORY_LIMIT = 100e6;

/** DuckDB starts every thread it is given: more than this is a typo. */
export const MAX_THREADS = 1024;

export type SizeResult = { ok: true; bytes: number } | { ok: false; message: string; hint: string };

export const SIZE_HINT = 'write a number and a unit: 512MB, 2GB or 1.5GiB';

/** Common spellings of the units: G, gig, gigs, gigabytes. */
const ALIASES: Record<string, string> = {
  k: 'KB',
  m: 'MB',
  g: 'GB',
  t: 'TB',
  kilobytes: 'KB',
  megabytes: 'MB',
  meg: 'MB',
  megs: 'MB',
  gigabytes: 'GB',
  gig: 'GB',
  gigs: 'GB',
  terabytes: 'TB',
  bytes: 'B',
};

export function parseSize(text: string): SizeResult {
  const match = SIZE.exec(text.trim());
  if (!match) return { ok: false, message: `"${text}" is not a size`, hint: SIZE_HINT };
  const [, amount, unit] = match as unknown as [string, string, string];
  const value = Number(amount);
  if (unit === '') {
    return {
      ok: false,
      message: `"${text}" has no unit`,
      hint: value > 0 ? `write ${amount}MB or ${amount}GB (a size needs a unit)` : SIZE_HINT,
    };
  }
  const perUnit = UNIT_BYTES[unit.toLowerCase()];
  if (perUnit === undefined) {
    const alias = ALIASES[unit.toLowerCase()];
    const hint = alias ? `write ${amount}${alias}` : `${SIZE_HINT} (KB, MB, GB, TB; KiB, MiB, GiB, TiB)`;
    return { ok: false, message: `"${text}": unknown size unit "${unit}"`, hint };
  }
  if (!(value > 0)) {
    return {
      ok: false,
      message: `a size of "${text}" leaves no memory`,
      hint: 'give a positive size like 2GB',
    };
  }
  return { ok: true, bytes: Math.round(value * perUnit) };
}

/** A memory limit: a size, and at least MIN_MEMORY_LIMIT. */
export function parseMemoryLimit(text: string): SizeResult {
  const size = parseSize(text);
  if (!size.ok || size.bytes >= MIN_MEMORY_LIMIT) return size;
  return {
    ok: false,
    message: `a memory limit of ${text} is too small for DuckDB to run anything`,
    hint: `give at least ${MIN_MEMORY_LIMIT / 1e6}MB (a few hundred MB for real data)`,
  };
}

/** 2_000_000_000 -> "2.0 GB", 536_870_912 -> "536.9 MB": powers of 1000, like the sizes people write. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let index = 0;
  while (value >= 1000 && index < units.length - 1) {
    value /= 1000;
    index += 1;
  }
  return index === 0 ? `${value} B` : `${value.toFixed(1)} ${units[index]}`;
}
