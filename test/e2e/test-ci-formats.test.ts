/**
 * `milestones test --format github|junit` end to end: the built CLI
 * (`npm run build` first) on milestones.example.yaml, in a temp folder.
 * One file holds a passing and a failing test (two mismatches); another is invalid.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml, type XmlElement } from '../helpers/mini-xml.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

/** acme's setup completes at 01-07 10:00 (install, integration, 2 invites): achieving, progress 100. */
const EVENTS = `    events:
      - {ts: 2026-01-05 09:00, account_id: acme, event: app_installed}
      - {ts: 2026-01-05 10:00, account_id: acme, event: integration_connected, channel: web}
      - {ts: 2026-01-06 10:00, account_id: acme, event: user_invited, role: member}
      - {ts: 2026-01-07 10:00, account_id: acme, event: user_invited, role: member}
`;
const TESTS = `tests:
  - name: setup passes
${EVENTS}    expect:
      statuses:
        - {milestone: setup, account: acme, status: achieving}
  - name: setup <fails> & "twice"
${EVENTS}    expect:
      statuses:
        - {milestone: setup, account: acme, status: never_achieved, progress: 50}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-ci-'));
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
  writeFileSync(join(dir, 'ci.tests.yaml'), TESTS);
  writeFileSync(
    join(dir, 'bad.tests.yaml'),
    `tests:\n  - name: bad\n${EVENTS}    expect:\n      statuses: [{milestone: setpu, account: acme, status: achieving}]\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, 'test', ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

const children = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);

describe('milestones test --format github', () => {
  it('annotates each mismatch at its expected value, exit 1', async () => {
    const result = await cli('ci.tests.yaml', '--format', 'github');
    expect(result.exitCode).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error '));
    // The failing expectation is on line 19 (tests: 1, first test 2-10, second 11-19); status at column 53, progress at column 79.
    expect(errors).toEqual([
      '::error file=ci.tests.yaml,line=19,col=53,title=setup <fails> & "twice"::setup / acme: status expected never_achieved, got achieving',
      '::error file=ci.tests.yaml,line=19,col=79,title=setup <fails> & "twice"::setup / acme: progress expected 50, got 100',
    ]);
    expect(result.stdout).toContain('::notice title=milestones test::1 passed, 1 failed');
  });

  it('annotates an invalid test file at the mistake', async () => {
    const result = await cli('bad.tests.yaml', '--format', 'github');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^::error file=bad\.tests\.yaml,line=9,col=\d+,title=unknown-milestone::/m);
  });
});

describe('milestones test --format junit', () => {
  it('writes JUnit XML that parses, with the right counts and a failure per failed test', async () => {
    const result = await cli('ci.tests.yaml', 'bad.tests.yaml', '--format', 'junit');
    // bad.tests.yaml is invalid, so nothing runs: one suite with an error.
    expect(result.exitCode).toBe(1);
    const invalid = parseXml(result.stdout);
    expect(invalid.attributes).toMatchObject({ tests: '1', failures: '0', errors: '1' });

    const run = await cli('ci.tests.yaml', '--format', 'junit');
    expect(run.exitCode).toBe(1);
    const root = parseXml(run.stdout);
    expect(root.name).toBe('testsuites');
    // 2 tests, 1 failed (two mismatches, one <failure>), 0 errors.
    expect(root.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0' });
    const [suite] = children(root, 'testsuite');
    expect(suite!.attributes).toMatchObject({ name: 'ci.tests.yaml', tests: '2', failures: '1' });
    const cases = children(suite!, 'testcase');
    expect(cases.map((c) => [c.attributes.name, children(c, 'failure').length])).toEqual([
      ['setup passes', 0],
      ['setup <fails> & "twice"', 1], // escaped in the XML, read back as written
    ]);
    const failure = children(cases[1]!, 'failure')[0]!;
    expect(failure.text.split('\n')).toEqual([
      'ci.tests.yaml:19:53 setup / acme: status expected never_achieved, got achieving',
      'ci.tests.yaml:19:79 setup / acme: progress expected 50, got 100',
    ]);
  });

  it('all passing: failures 0, exit 0', async () => {
    writeFileSync(join(dir, 'ok.tests.yaml'), TESTS.split('  - name: setup <fails>')[0]!);
    const result = await cli('ok.tests.yaml', '--format', 'junit');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(parseXml(result.stdout).attributes).toMatchObject({ tests: '1', failures: '0', errors: '0' });
  });
});
