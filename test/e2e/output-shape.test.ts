/**
 * Output that machines and people can read, on the bundled example:
 * - every command with `--format csv` prints ONE CSV table (one header, the
 *   same number of fields on every row); `--table NAME` picks another, and an
 *   unknown name is a usage error (exit 2) that lists the names;
 * - `--format table` fits the width ($COLUMNS when stdout is not a terminal).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
const cli = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [BIN, ...args, '-c', 'milestones.yaml', '--db', 'w.duckdb'], {
    cwd: dir,
    reject: false,
    env: { NO_COLOR: '1', ...env },
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-shape-'));
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  const computed = await cli(['compute', '--quiet']);
  expect(computed.exitCode, computed.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** RFC 4180 records: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\n')) field += c;
    else {
      endField();
      if (c === '\n') {
        records.push(record);
        record = [];
      }
    }
  }
  if (field !== '' || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

/** One table: a header, then rows of exactly as many fields; a blank line or a second header fails. */
function expectOneTable(stdout: string, firstColumn: string): number {
  const [header, ...rows] = parseCsv(stdout);
  expect(header?.[0]).toBe(firstColumn);
  for (const row of rows) expect(row).toHaveLength(header?.length ?? 0);
  expect(rows.filter((r) => r.join(',') === header?.join(','))).toEqual([]);
  return rows.length;
}

const BASE = ['--base-file', 'milestones.yaml'];
const COMMANDS: [string[], string][] = [
  [['compute'], 'milestone'],
  [['conversions'], 'conversion_id'],
  [['cx'], 'cx_id'],
  [['paths'], 'journey_id'],
  [['diff', ...BASE], 'milestone'],
  [['late', '--known-at', '2026-03-01'], 'milestone'],
  // Flags under which accounts can be compared on the example (docs/CALIBRATE.md).
  [['calibrate', '--outcome', 'event:subscription_started:within=60d', '--observe', '30d'], 'milestone_id'],
];

const PICKS: [string[], string, number][] = [
  // fixtures/README.md: lifecycle has 4 stages and "(none)": 5 rows; the example has 2 conversions.
  [['compute', '--table', 'journeys'], 'journey', 5],
  [['compute', '--table', 'conversions'], 'conversion', 2],
  // trial_to_customer: pricing, shared, demo and (none); demo_to_customer: (none).
  [['conversions', '--table', 'touchpoints'], 'conversion_id', 5],
  [['diff', ...BASE, '--table', 'conversions'], 'conversion', 2],
];

describe('--format csv is one table', () => {
  // One command per test, one after the other: the warehouse file takes one process at a time.
  it.each(COMMANDS)('%j --format csv prints one CSV table', async (args, first) => {
    const result = await cli([...args, '--format', 'csv']);
    expect(result.exitCode, result.stderr).toBe(0);
    expectOneTable(result.stdout, first);
  });

  it.each(PICKS)('%j picks another table, one CSV table too', async (args, first, rows) => {
    const result = await cli([...args, '--format', 'csv']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(expectOneTable(result.stdout, first)).toBe(rows);
  });

  it('an unknown --table is a usage error that lists the tables', async () => {
    const result = await cli(['conversions', '--table', 'touchpoint', '--format', 'csv']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/funnel, touchpoints, attribution/);
    const help = await execa('node', [BIN, 'compute', '--help']);
    expect(help.stdout).toMatch(/--table <name>[^]*"milestones",\s+"journeys",\s+"conversions",\s+"cx"/);
  });
});

describe('--format table fits the width', () => {
  it.each([80, 100])('no line is wider than COLUMNS=%i', async (width) => {
    const conversions = await cli(['conversions', '--format', 'table'], { COLUMNS: String(width) });
    const explain = await cli(['explain', 'acme', '--format', 'table'], { COLUMNS: String(width) });
    for (const result of [conversions, explain]) {
      expect(result.exitCode, result.stderr).toBe(0);
      const lines = result.stdout.split('\n');
      expect(lines.filter((l) => [...l].length > width)).toEqual([]);
    }
    // The touchpoint table (about 140 characters boxed) is there, not cut away.
    expect(conversions.stdout).toMatch(/pricing \(3\)/);
  });
});
