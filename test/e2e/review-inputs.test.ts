/**
 * Inputs a security review pushed through the CLI (built CLI: `npm run build`
 * first). Each had given a wrong answer with exit 0 or an internal error:
 * a newline inside an event name, a NUL byte in a CSV header, a backslash in
 * a file name with a glob character, `-o out.csv.gz`, a cursor named like the
 * warehouse's log, `--as-of` past year 9999, and commands that compute without
 * printing the data checks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { afterEach, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

function project(events: string, milestones: string, file = 'ev.csv'): string {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-review-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'milestones.yaml'),
    `version: 1
timezone: America/New_York
warehouse: w.duckdb
sources:
  events:
    path: ${JSON.stringify(file.replaceAll('[', '[[]'))}
    columns: {ts: ts, account_id: account, event: event}
milestones:
${milestones}`,
  );
  writeFileSync(join(dir, file), events);
  return dir;
}

const run = (dir: string, ...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

it('an event name with a newline matches its events (it was indented inside the SQL string)', async () => {
  // "line\nbreak" twice for acme, once for globex: acme reaches at_least 2, globex does not.
  const events = ['acme', 'acme', 'globex'].map((a, i) => `2026-01-0${i + 1} 10:00:00,${a},"line\nbreak"`);
  const dir = project(
    `ts,account,event\n${events.join('\n')}\n`,
    '  - {id: m1, name: M1, criteria: [{event: "line\\nbreak", at_least: 2}]}\n',
  );
  const computed = await run(dir, 'compute', '--format', 'csv');
  expect(computed.exitCode, computed.stderr).toBe(0);
  const exported = await run(dir, 'export', 'milestone_status', '--format', 'json');
  const rows = (JSON.parse(exported.stdout) as { actor_id: string; status: string }[])
    .map((r) => `${r.actor_id} ${r.status}`)
    .sort();
  // never_achieved for both before the fix: the SQL compared with 'line\n  break'.
  expect(rows).toEqual(['acme achieving', 'globex never_achieved']);
});

it("a NUL byte in a CSV header is the file's error (exit 1), not an internal one", async () => {
  const dir = project(
    'ts,account,event,pl\0an\n2026-01-05 09:00:00,a1,x,v\n',
    '  - {id: m1, name: M1, criteria: [{event: x}]}\n',
  );
  const computed = await run(dir, 'compute');
  expect(computed.exitCode).toBe(1);
  expect(computed.stderr).toMatch(/the name of column 4 contains a NUL character/);
  expect(computed.stderr).not.toMatch(/internal error/);
});

it('a file whose name has a backslash and a bracket is refused plainly (exit 1)', async () => {
  const dir = project(
    'ts,account,event\n2026-01-05 09:00:00,a1,x\n',
    '  - {id: m1, name: M1, criteria: [{event: x}]}\n',
    'ev\\b[1].csv',
  );
  const loaded = await run(dir, 'load');
  expect(loaded.exitCode).toBe(1);
  expect(loaded.stderr).toMatch(/both a backslash and one of \[ \* \?/);
  expect(loaded.stderr).toMatch(/rename the file/);
});

it('export and feed write gzip when the output ends in .gz; a cursor named like the warehouse log is refused', async () => {
  const dir = project(
    'ts,account,event\n2026-01-05 09:00:00,a1,x\n',
    '  - {id: m1, name: M1, criteria: [{event: x}]}\n',
  );
  expect((await run(dir, 'compute')).exitCode).toBe(0);
  const exported = await run(dir, 'export', 'milestone_status', '-o', 'out.csv.gz');
  expect(exported.exitCode, exported.stderr).toBe(0);
  // Plain CSV under the gzip name before the fix: gunzip failed.
  expect(gunzipSync(readFileSync(join(dir, 'out.csv.gz'))).toString()).toMatch(/^milestone_id,/);
  const fed = await run(dir, 'feed', '--cursor', 'c.json', '-o', 'feed.csv.gz');
  expect(fed.exitCode, fed.stderr).toBe(0);
  expect(gunzipSync(readFileSync(join(dir, 'feed.csv.gz'))).toString()).toMatch(/^seq,/);
  // A compression DuckDB cannot write is refused, nothing written (it had been plain CSV, exit 0).
  for (const args of [
    ['export', 'milestone_status', '-o', 'out.csv.bz2'],
    ['feed', '--cursor', 'c3.json', '-o', 'feed.csv.xz'],
  ]) {
    const refused = await run(dir, ...args);
    expect(refused.exitCode, args.join(' ')).toBe(2);
    expect(refused.stderr).toMatch(/cannot write \.(bz2|xz) compression/);
    expect(existsSync(join(dir, args[3]!))).toBe(false);
  }
  const wal = await run(dir, 'feed', '--cursor', 'w.duckdb.wal', '-o', 'feed2.csv');
  expect(wal.exitCode).toBe(2);
  expect(wal.stderr).toMatch(/w\.duckdb\.wal: it is the warehouse/);
  expect(wal.stderr).toMatch(/--cursor FILE/);
});

it('--as-of past year 9999 is T at the last instant DuckDB holds, not an internal error', async () => {
  const dir = project(
    'ts,account,event\n2026-01-05 09:00:00,a1,x\n',
    '  - {id: m1, name: M1, criteria: [{event: x}]}\n',
  );
  // 9999-12-31 ends at 10000-01-01 04:59:59.999999 UTC in New York: clamped.
  const computed = await run(dir, 'compute', '--as-of', '9999-12-31', '--format', 'csv');
  expect(computed.exitCode, computed.stderr).toBe(0);
  const asOf = execFileSync('node', [BIN, 'export', 'milestone_status', '--format', 'csv'], { cwd: dir })
    .toString()
    .trim()
    .split('\n')[1];
  expect(asOf).toContain('9999-12-31T23:59:59.999999Z');
});

it('paths and cx, when they compute, print the data checks compute prints', async () => {
  // The example with a typo in a where: key (chanel): compute warns; paths computed without a word.
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-review-'));
  dirs.push(dir);
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  const config = readFileSync(join(ROOT, 'milestones.example.yaml'), 'utf8');
  expect(config).toContain('channel: { in: [web, api] }');
  writeFileSync(
    join(dir, 'm.yaml'),
    config.replace('channel: { in: [web, api] }', 'chanel: { in: [web, api] }'),
  );
  for (const command of ['paths', 'cx']) {
    rmSync(join(dir, 'milestones.duckdb'), { force: true });
    const result = await run(dir, command, '-c', 'm.yaml');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /warning\[unknown-property\]: milestone "setup", criterion "integrated": event property "chanel"/,
    );
  }
});

it('compressed outputs take their format from the name without .gz; refusals for names that say otherwise', async () => {
  // Found by review: b.jsonl.gz was gzipped CSV, and export -o s.jsonl plain CSV.
  const dir = project(
    'ts,account,event\n2026-01-05 09:00:00,a1,x\n',
    '  - {id: m1, name: M1, criteria: [{event: x}]}\n',
  );
  expect((await run(dir, 'compute')).exitCode).toBe(0);
  expect((await run(dir, 'feed', '--cursor', 'c.json', '-o', 'b.jsonl.gz')).exitCode).toBe(0);
  expect(JSON.parse(gunzipSync(readFileSync(join(dir, 'b.jsonl.gz'))).toString())).toMatchObject({ seq: 1 });
  const jsonl = await run(dir, 'export', 'milestone_status', '-o', 's.jsonl');
  expect(jsonl.exitCode).toBe(2);
  expect(jsonl.stderr).toMatch(/not JSON lines/);
  const parquet = await run(dir, 'export', 'milestone_status', '--format', 'parquet', '-o', 's.parquet.gz');
  expect(parquet.exitCode).toBe(2);
  expect(parquet.stderr).toMatch(/Parquet is compressed inside the file/);
  // A dangling link to the warehouse's log is the warehouse (an export had written into it).
  symlinkSync('w.duckdb.wal', join(dir, 'latest.csv'));
  const linked = await run(dir, 'export', 'milestone_status', '-o', 'latest.csv');
  expect(linked.exitCode).toBe(2);
  expect(linked.stderr).toMatch(/it is the warehouse/);
  // Years 0-99 are refused (they had been read as 1850 years before year 0).
  const early = await run(dir, 'compute', '--as-of', '0050-06-01');
  expect(early.exitCode).toBe(2);
  expect(early.stderr).toMatch(/is not a date/);
});

it('warns of survey responses dated after T, which count for nothing', async () => {
  // Found by the CX review: T is the latest event (01-05 00:00); R1 (01-05 12:00) was left out silently.
  const dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-review-'));
  dirs.push(dir);
  writeFileSync(
    join(dir, 'm.yaml'),
    `version: 1
timezone: UTC
warehouse: w.duckdb
sources:
  events: {path: events.csv}
  contacts: {path: contacts.csv}
  surveys:
    path: surveys.csv
    respondent: contact
    columns: {response_id: response_id, respondent_id: respondent_id, ts: ts}
    properties: {q: VARCHAR, about: VARCHAR}
milestones:
  - {id: s1, name: Stage One, criteria: [{event: e1}]}
  - {id: s2, name: Stage Two, criteria: [{event: e2}]}
cx:
  - {id: n, metric: nps, question: q, milestones: [s1, s2], window: 10d, named_by: about}
`,
  );
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,contact_id,event\n2026-01-01 00:00:00,a1,c1,e1\n2026-01-05 00:00:00,a1,c1,e2\n',
  );
  writeFileSync(join(dir, 'contacts.csv'), 'contact_id,account_id\nc1,a1\n');
  writeFileSync(
    join(dir, 'surveys.csv'),
    'response_id,respondent_id,ts,q,about\nR1,c1,2026-01-05 12:00:00,10,s2\nR2,c1,2026-01-04 12:00:00,3,s1\n',
  );
  const computed = await run(dir, 'compute', '-c', 'm.yaml');
  expect(computed.exitCode, computed.stderr).toBe(0);
  expect(computed.stderr).toContain(
    'warning[cx-after-as-of]: cx: 1 survey response(s) are dated after T (2026-01-05T00:00:00Z), up to 2026-01-05T12:00:00Z, and count for nothing',
  );
  // At a T after it, both count and nothing is said.
  const later = await run(dir, 'compute', '-c', 'm.yaml', '--as-of', '2026-01-06');
  expect(later.exitCode, later.stderr).toBe(0);
  expect(later.stderr).not.toContain('warning[');
  // A question and a topics column no row carries: every answer blank, no topics, and now said.
  const config = readFileSync(join(dir, 'm.yaml'), 'utf8');
  writeFileSync(join(dir, 'm.yaml'), config.replace('question: q,', 'question: qq, topics: tpx,'));
  const misnamed = await run(dir, 'compute', '-c', 'm.yaml', '--as-of', '2026-01-06');
  expect(misnamed.exitCode, misnamed.stderr).toBe(0);
  expect(misnamed.stderr).toContain('warning[unknown-property]: cx n: topics: tpx is no survey column');
  expect(misnamed.stderr).toContain('warning[cx-no-responses]: cx n: no survey response counts for s1, s2');
});

it('export and feed refuse to write over the config file they read', async () => {
  // Found by review: export -o milestones.yaml replaced the definitions with a CSV, exit 0.
  const dir = project(
    'ts,account,event\n2026-01-05 09:00:00,a1,x\n',
    '  - {id: m1, name: M1, criteria: [{event: x}]}\n',
  );
  expect((await run(dir, 'compute')).exitCode).toBe(0);
  const before = readFileSync(join(dir, 'milestones.yaml'), 'utf8');
  const exported = await run(dir, 'export', 'milestone_status', '-o', 'milestones.yaml');
  expect(exported.exitCode).toBe(2);
  expect(exported.stderr).toMatch(/it is the config file/);
  const fed = await run(dir, 'feed', '--cursor', 'milestones.yaml', '-o', 'f.csv');
  expect(fed.exitCode).toBe(2);
  expect(readFileSync(join(dir, 'milestones.yaml'), 'utf8')).toBe(before);
});

it('validate --strict accepts where: on the built-in columns, as compute reads them', async () => {
  // Found by review: contact_id and account_id were unknown-property warnings, failing --strict.
  const dir = project(
    'ts,account,contact,event\n2026-01-05 09:00:00,a1,c1,x\n',
    `  - id: m1
    name: M1
    criteria: [{event: x, where: {contact_id: {exists: true}}}]
    assign: {where: {account_id: {in: [a1]}}}
`,
  );
  writeFileSync(
    join(dir, 'milestones.yaml'),
    readFileSync(join(dir, 'milestones.yaml'), 'utf8').replace(
      'columns: {ts: ts, account_id: account, event: event}',
      'columns: {ts: ts, account_id: account, contact_id: contact, event: event}',
    ),
  );
  expect((await run(dir, 'compute')).exitCode).toBe(0);
  const validated = await run(dir, 'validate', '--strict');
  expect(validated.stderr).not.toContain('warning[');
  expect(validated.exitCode, validated.stderr).toBe(0);
});

it("a timestamp_format DuckDB does not know is an error at its line, not the file's", async () => {
  // Found by review: "cannot read ev.csv ... %K", no config line, and a hint about delimiters.
  const dir = project(
    'ts,account,event\n2026-01-05 09:00:00,a1,x\n',
    '  - {id: m1, name: M1, criteria: [{event: x}]}\n',
  );
  const config = readFileSync(join(dir, 'milestones.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'milestones.yaml'),
    config.replace('    columns: {ts: ts,', '    timestamp_format: "%Y-%m-%d %K"\n    columns: {ts: ts,'),
  );
  // Since validate checks the format (a CI job's `validate` had passed it), compute stops there too.
  for (const command of ['validate', 'compute']) {
    const result = await run(dir, command);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /milestones\.yaml:7:\d+ error\[bad-timestamp-format\]: timestamp_format "%Y-%m-%d %K": DuckDB knows no %K/,
    );
  }
});
