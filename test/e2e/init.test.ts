/**
 * `milestones init` end to end: the built CLI (`npm run build` first) in temp
 * folders. The events file has 6 rows: page_view 3, signup 2, paid 1; its
 * columns are named as a product-analytics export names them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

const EVENTS = `occurred_at,company,user_id,event_name,plan
2026-01-01 09:00:00,acme,alice,signup,trial
2026-01-01 09:05:00,acme,alice,page_view,trial
2026-01-02 10:00:00,acme,bob,page_view,trial
2026-01-03 11:00:00,globex,carol,signup,pro
2026-01-03 11:30:00,globex,carol,page_view,pro
2026-01-04 12:00:00,globex,carol,paid,pro
`;

function folder(): string {
  const dir = tempDir('milestones-e2e-init-');
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'events.csv'), EVENTS);
  return dir;
}

const cli = (dir: string, ...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

describe('milestones init', () => {
  it('proposes the mapping and the frequent events, and writes a config that validates and computes', async () => {
    const dir = folder();
    const result = await cli(dir, 'init', '--events', 'data/events.csv');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('wrote milestones.yaml');
    const text = readFileSync(join(dir, 'milestones.yaml'), 'utf8');
    const data = parseDocument(text).toJS() as {
      sources: { events: { path: string; columns: Record<string, string> } };
      milestones: { criteria: unknown[] }[];
    };
    expect(data.sources.events).toEqual({
      path: 'data/events.csv',
      columns: { ts: 'occurred_at', account_id: 'company', contact_id: 'user_id', event: 'event_name' },
    });
    // page_view 3 of 6 = 50%: the criterion; signup 2/6 = 33.3% and paid 1/6 = 16.7%, commented out.
    expect(data.milestones[0]!.criteria).toEqual([{ event: 'page_view' }]);
    expect(text).toContain('- event: page_view # 50.0% of the sampled events');
    expect(text).toContain('# - event: signup # 33.3% of the sampled events');
    expect(text).toContain('# - event: paid # 16.7% of the sampled events');
    // The modeline points at the schema this package ships, relative to the config.
    const modeline = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)![1]!;
    expect(existsSync(resolve(dir, modeline))).toBe(true);

    const validate = await cli(dir, 'validate');
    expect(validate.exitCode, validate.stderr).toBe(0);
    const compute = await cli(dir, 'compute', '--format', 'json');
    expect(compute.exitCode, compute.stderr).toBe(0);
    // acme and globex both viewed a page: 2 of 2 achieving.
    const statuses = JSON.parse(compute.stdout).milestones as { milestone: string; achieving: number }[];
    expect(statuses[0]).toMatchObject({ milestone: 'active', achieving: 2 });
  });

  it('refuses to replace an existing file without --force (exit 2), and replaces it with it', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'milestones.yaml'), 'mine\n');
    const refused = await cli(dir, 'init', '--events', 'data/events.csv');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect(refused.stderr).toContain('hint: pass --force');
    expect(readFileSync(join(dir, 'milestones.yaml'), 'utf8')).toBe('mine\n');
    const forced = await cli(dir, 'init', '--events', 'data/events.csv', '--force');
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(readFileSync(join(dir, 'milestones.yaml'), 'utf8')).toContain('event_name');
  });

  it('writes elsewhere with -o (paths relative to that file), or to stdout with -o -', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'conf'));
    const result = await cli(dir, 'init', '--events', 'data/events.csv', '-o', 'conf/ms.yaml');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'conf', 'ms.yaml'), 'utf8')).toContain('path: ../data/events.csv');
    expect((await cli(dir, 'validate', '-c', 'conf/ms.yaml')).exitCode).toBe(0);
    const printed = await cli(dir, 'init', '--events', 'data/events.csv', '-o', '-');
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toContain('event: event_name');
    expect(existsSync(join(dir, 'milestones.yaml'))).toBe(false);
  });

  it('without --events writes a template that validates; a missing events file is exit 1', async () => {
    const dir = folder();
    expect((await cli(dir, 'init')).exitCode).toBe(0);
    expect((await cli(dir, 'validate')).exitCode).toBe(0);
    const missing = await cli(dir, 'init', '--events', 'nope.csv', '-o', 'other.yaml');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('no events file');
    expect(missing.stderr).not.toContain('    at ');
    expect(existsSync(join(dir, 'other.yaml'))).toBe(false);
  });
});

describe('milestones init: times that are not ISO 8601 (found by review)', () => {
  // Without a timestamp_format, `load` rejected every row of such a file (exit 1).
  const cases = [
    {
      // 25/01 can only be day first.
      rows: ['05/01/2026 09:00', '25/01/2026 10:30'],
      format: '%d/%m/%Y %H:%M',
      ambiguous: false,
      first: '2026-01-05 09:00:00',
    },
    {
      // A 12-hour clock, month first (25 is no month).
      rows: ['1/25/2026 10:30 PM', '2/3/2026 9:05 AM'],
      format: '%m/%d/%Y %I:%M %p',
      ambiguous: false,
      first: '2026-01-25 22:30:00',
    },
    {
      // Every day 12 or less: month first is written, with a note to check.
      rows: ['01/05/2026 09:00', '02/03/2026 10:30'],
      format: '%m/%d/%Y %H:%M',
      ambiguous: true,
      first: '2026-01-05 09:00:00',
    },
  ];
  for (const { rows, format, ambiguous, first } of cases) {
    it(`writes timestamp_format ${format} for ${rows[0]}, and compute reads every row`, async () => {
      const dir = tempDir('milestones-e2e-init-');
      const lines = rows.map((t, i) => `${t},acme,u${i},signup`);
      writeFileSync(
        join(dir, 'events.csv'),
        ['occurred_at,company,user_id,event_name', ...lines, ''].join('\n'),
      );
      const result = await cli(dir, 'init', '--events', 'events.csv');
      expect(result.exitCode, result.stderr).toBe(0);
      const text = readFileSync(join(dir, 'milestones.yaml'), 'utf8');
      const events = (parseDocument(text).toJS() as { sources: { events: Record<string, unknown> } }).sources
        .events;
      expect(events.timestamp_format).toBe(format);
      expect(text.includes('check whether the day or the month comes first')).toBe(ambiguous);
      const computed = await cli(dir, 'compute', '--db', 'w.duckdb', '--format', 'json');
      expect(computed.exitCode, computed.stderr).toBe(0);
      expect(computed.stderr).toContain(`${rows.length} rows added, 0 removed, 0 rejected`);
      const exported = await cli(dir, 'export', 'milestone_history', '--db', 'w.duckdb', '--format', 'csv');
      // The first completion is at the first row's time (UTC config).
      expect(exported.stdout).toContain(`${first.replace(' ', 'T')}Z`);
    });
  }

  it('writes no timestamp_format for ISO times', async () => {
    const dir = folder();
    await cli(dir, 'init', '--events', 'data/events.csv');
    expect(readFileSync(join(dir, 'milestones.yaml'), 'utf8')).not.toContain('timestamp_format');
  });
});
