import { describe, expect, it } from 'vitest';
import { formatSize, parseMemoryLimit, parseSize } from '../../src/definitions/sizes.js';

describe('sizes', () => {
  it.each([
    ['2GB', 2_000_000_000], // GB is 1000^3, as DuckDB reads it
    ['512MB', 512_000_000],
    ['512MiB', 536_870_912], // 512 * 1024^2
    ['1.5GiB', 1_610_612_736], // 1.5 * 1024^3
    ['2 GB', 2_000_000_000],
    ['2gb', 2_000_000_000],
    ['100KB', 100_000],
    ['1TB', 1e12],
    ['64B', 64],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, bytes });
  });

  it.each(['2 gigs', 'lots', '', 'GB', '1e9B', '2GB 3MB', '1,5GB'])('rejects %j', (text) => {
    expect(parseSize(text).ok).toBe(false);
  });

  it('refuses a bare number and suggests the units', () => {
    const result = parseSize('2048');
    expect(result).toMatchObject({ ok: false, message: '"2048" has no unit' });
    expect(result.ok ? '' : result.hint).toBe('write 2048MB or 2048GB (a size needs a unit)');
  });

  it.each(['0', '0GB', '-1GB', '-2'])('refuses %j: no memory at all', (text) => {
    const result = parseSize(text);
    expect(result.ok).toBe(false);
  });

  it('names the unit it means for a spelled-out one', () => {
    const result = parseSize('2gigs');
    expect(result.ok ? '' : result.hint).toBe('write 2GB');
  });

  it('refuses a memory limit too small for DuckDB to start, and takes one just large enough', () => {
    expect(parseMemoryLimit('1MB').ok).toBe(false);
    // DuckDB needs 64 MB and gets 75% of the budget: 100 MB gives it 75 MB, 99 MB would give 74 MB but is refused
    expect(parseMemoryLimit('99MB').ok).toBe(false);
    expect(parseMemoryLimit('100MB')).toEqual({ ok: true, bytes: 100e6 });
  });

  it.each([
    [2e9, '2.0 GB'],
    [536_870_912, '536.9 MB'],
    [999, '999 B'],
    [25_276_157_952, '25.3 GB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});
