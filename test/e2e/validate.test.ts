/**
 * `milestones validate` end to end: the built CLI (run `npm run build` first)
 * in temporary folders.
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'bin/milestones.js');
const fixture = (name: string) => path.join(root, 'test/fixtures-defs', name);

const cli = (args: string[], cwd: string) => execa('node', [bin, ...args], { cwd, reject: false });

function folder(files: Record<string, string> = {}): string {
  const dir = tempDir('milestones-validate-');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const VALID = `version: 1
milestones:
  - id: setup
    criteria:
      - event: app_installed
        where: {plan: pro}
  - id: activated
    criteria: [{milestone: setup}, {event: report_created, at_least: 3}]
conversions:
  - {id: setup_to_activated, from: setup, to: activated, window: 30d}
`;

/** A warehouse with an events table holding two event names and properties plan (typed) and amount (JSON). */
async function warehouse(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(
    'CREATE TABLE events(ts TIMESTAMP, account_id VARCHAR, contact_id VARCHAR, event VARCHAR, plan VARCHAR, properties JSON, _load_id VARCHAR)',
  );
  await connection.run(`INSERT INTO events VALUES
    ('2026-01-01', 'acme', NULL, 'app_installed', 'pro', '{"amount": 1}', 'l1'),
    ('2026-01-02', 'acme', NULL, 'report_created', 'pro', NULL, 'l1')`);
  connection.closeSync();
  instance.closeSync();
}

describe('milestones validate', () => {
  it('exits 0 on a valid file', async () => {
    const result = await cli(['validate'], folder({ 'milestones.yaml': VALID }));
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('0 errors, 0 warnings');
    expect(result.stderr).toContain('milestones.yaml is valid');
    expect(result.stdout).toBe('');
  });

  it('exits 1 and reports every mistake, each with its place, hint and the line', async () => {
    const dir = folder();
    copyFileSync(fixture('five-mistakes.yaml'), path.join(dir, 'defs.yaml'));
    const result = await cli(['validate', '-c', 'defs.yaml'], dir);
    expect(result.exitCode).toBe(1);
    const heads = result.stderr.split('\n').filter((line) => line.startsWith('defs.yaml:'));
    expect(heads.map((line) => line.split(': ')[0])).toEqual([
      'defs.yaml:4:11 error[bad-timezone]',
      'defs.yaml:9:9 error[unknown-key]',
      'defs.yaml:11:25 error[bad-duration]',
      'defs.yaml:14:20 error[unknown-milestone]',
      'defs.yaml:17:12 error[too-few-steps]',
    ]);
    expect(result.stderr).toContain('  hint: did you mean "at_least"?');
    expect(result.stderr).toContain(' 9 |         at_lest: 3\n   |         ^^^^^^^');
    expect(result.stderr).toContain('5 errors, 0 warnings');
  });

  it('--format json puts {valid, errors, warnings} on stdout', async () => {
    const dir = folder();
    copyFileSync(fixture('five-mistakes.yaml'), path.join(dir, 'defs.yaml'));
    const result = await cli(['validate', '-c', 'defs.yaml', '--format', 'json'], dir);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.valid).toBe(false);
    expect(report.warnings).toEqual([]);
    expect(report.errors[1]).toEqual({
      severity: 'error',
      code: 'unknown-key',
      message: 'unknown key "at_lest"',
      hint: 'did you mean "at_least"?',
      location: { file: 'defs.yaml', line: 9, col: 9 },
    });
    expect(report.errors).toHaveLength(5);
  });

  it('--format json on a valid file', async () => {
    const result = await cli(['validate', '--format', 'json'], folder({ 'milestones.yaml': VALID }));
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('--format github writes workflow commands', async () => {
    const dir = folder();
    copyFileSync(fixture('five-mistakes.yaml'), path.join(dir, 'defs.yaml'));
    const result = await cli(['validate', '-c', 'defs.yaml', '--format', 'github'], dir);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(
      '::error file=defs.yaml,line=9,col=9,title=unknown-key::unknown key "at_lest" (hint: did you mean "at_least"?)',
    );
  });

  it('reports a dependency cycle', async () => {
    const dir = folder();
    copyFileSync(fixture('cycle.yaml'), path.join(dir, 'milestones.yaml'));
    const result = await cli(['validate'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('dependency cycle: setup -> adopted -> activated -> setup');
  });

  it('exits 2 when the file is missing', async () => {
    const result = await cli(['validate', '-c', 'nope.yaml'], folder());
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('definitions file not found: nope.yaml');
    expect(result.stderr).toContain('hint:');
  });

  describe('with a warehouse', () => {
    const typo = VALID.replace('event: app_installed', 'event: app_instaled').replace(
      '{plan: pro}',
      '{plann: pro}',
    );

    it('warns about event names and properties that never occur, and --strict fails on them', async () => {
      const dir = folder({ 'milestones.yaml': typo });
      await warehouse(path.join(dir, 'milestones.duckdb')); // the default warehouse, next to the config
      const loose = await cli(['validate'], dir);
      expect(loose.exitCode).toBe(0);
      expect(loose.stderr).toContain(
        'milestones.yaml:5:16 warning[unknown-event]: event "app_instaled" never occurs',
      );
      expect(loose.stderr).toContain('  hint: did you mean "app_installed"?');
      expect(loose.stderr).toContain(
        'milestones.yaml:6:17 warning[unknown-property]: event property "plann"',
      );
      expect(loose.stderr).toContain('0 errors, 2 warnings');

      const strict = await cli(['validate', '--strict'], dir);
      expect(strict.exitCode).toBe(1);
      // It says why it failed with no error (found by review), also under --quiet.
      expect(strict.stderr).toContain('--strict: 2 warnings fail the check');
      expect((await cli(['validate', '--strict', '--quiet'], dir)).stderr).toContain(
        '--strict: 2 warnings fail the check',
      );

      const json = await cli(['validate', '--strict', '--format', 'json'], dir);
      expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, errors: [], warnings: [{}, {}] });

      const skipped = await cli(['validate', '--strict', '--no-warehouse'], dir);
      expect(skipped.exitCode).toBe(0);
    });

    it('reads the warehouse given by --db, and is quiet when everything occurs', async () => {
      const dir = folder({ 'milestones.yaml': VALID, 'typo.yaml': typo });
      await warehouse(path.join(dir, 'elsewhere.duckdb'));
      const clean = await cli(['validate', '--strict', '--db', 'elsewhere.duckdb'], dir);
      expect(clean.exitCode).toBe(0);
      const flagged = await cli(['validate', '-c', 'typo.yaml', '--strict', '--db', 'elsewhere.duckdb'], dir);
      expect(flagged.exitCode).toBe(1);
      // no warehouse file at the default place: nothing to check against
      expect((await cli(['validate', '-c', 'typo.yaml', '--strict'], dir)).exitCode).toBe(0);
      // but a --db that is not there is said
      const missing = await cli(['validate', '--db', 'nowhere.duckdb'], dir);
      expect(missing.exitCode).toBe(0);
      expect(missing.stderr).toContain('warning[warehouse-missing]: no warehouse at nowhere.duckdb');
    });
  });

  it('warns about account properties and ids that never occur, with did you mean; --strict fails', async () => {
    const defs = VALID.replace(
      'where: {plan: pro}\n',
      'where: {plan: pro}\n    assign: {where: {segmnt: mid}, accounts: [acmee]}\n',
    );
    const dir = folder({ 'milestones.yaml': defs });
    const file = path.join(dir, 'milestones.duckdb');
    await warehouse(file);
    const instance = await DuckDBInstance.create(file);
    const connection = await instance.connect();
    await connection.run('CREATE TABLE accounts(account_id VARCHAR, segment VARCHAR, properties JSON)');
    await connection.run(`INSERT INTO accounts VALUES ('acme', 'mid', NULL)`);
    connection.closeSync();
    instance.closeSync();
    const loose = await cli(['validate'], dir);
    expect(loose.exitCode).toBe(0);
    // line 7 "    assign: {where: {segmnt: mid}, accounts: [acmee]}": key at 22, id at 47
    expect(loose.stderr).toContain(
      'milestones.yaml:7:22 warning[unknown-property]: account property "segmnt" never occurs in the warehouse',
    );
    expect(loose.stderr).toContain('  hint: did you mean "segment"?');
    expect(loose.stderr).toContain(
      'milestones.yaml:7:47 warning[unknown-account]: account "acmee" never occurs in the warehouse',
    );
    expect(loose.stderr).toContain('  hint: did you mean "acme"?');
    expect((await cli(['validate', '--strict'], dir)).exitCode).toBe(1);
  });

  const example = path.join(root, 'milestones.example.yaml');
  it.skipIf(!existsSync(example))('accepts milestones.example.yaml', async () => {
    const result = await cli(['validate', '-c', example, '--no-warehouse'], root);
    expect(result.stderr).toContain('0 errors');
    expect(result.exitCode).toBe(0);
  });
});
