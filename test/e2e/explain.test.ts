/**
 * `milestones explain` end to end on the example (built CLI, temp folder).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-explain-'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

interface Explained {
  as_of: string;
  milestones: {
    milestone: string;
    status: string;
    why: string;
    criteria: {
      id: string;
      value: number | string | null;
      threshold: number | null;
      holds: boolean;
      since: string | null;
      ever_held: boolean;
    }[];
  }[];
}

// Counts are JSON numbers (README; they were strings once).
it('explains why hooli lost utilization (README: lost 04-08 14:00Z, 2 reports < 10 seats)', async () => {
  const result = await cli('explain', 'hooli', '--milestone', 'utilization', '--format', 'json');
  expect(result.exitCode, result.stderr).toBe(0);
  const out = JSON.parse(result.stdout) as Explained;
  const [utilization] = out.milestones;
  expect(utilization?.status).toBe('not_achieving');
  expect(utilization?.criteria.map((c) => [c.id, c.value, c.threshold, c.holds, c.since])).toEqual([
    // At T: 2 reports (04-15, 04-22) < 10 seats; below since 04-08 14:00Z.
    ['reports_per_seat', 2, 10, false, '2026-04-08T14:00:00Z'],
    // richard and jared: 2 contacts >= 2, holding since the second contact's report 03-03 15:00Z.
    ['active_users', 2, 2, true, '2026-03-03T15:00:00Z'],
  ]);
  // hooli achieved utilization before losing it: both criteria held at some point.
  expect(utilization?.criteria.map((c) => c.ever_held)).toEqual([true, true]);
  expect(utilization?.why).toBe(
    'not_achieving since 2026-04-08T14:00:00Z: criterion reports_per_seat (report_created, per seats, last 30d) is 2 < 10 since 2026-04-08T14:00:00Z',
  );
});

it('explains a contact, as a table', async () => {
  const result = await cli('explain', 'stark-pepper', '--format', 'table');
  expect(result.exitCode, result.stderr).toBe(0);
  // README: stark-pepper user_activated 03-16 10:00 EDT = 14:00Z.
  expect(result.stdout).toMatch(/user_activated \(User activated\), contact stark-pepper/);
  expect(result.stdout).toMatch(/status achieving, progress 100%, completed_at 2026-03-16T14:00:00Z/);
});

it('an unknown id exits 2 with a suggestion', async () => {
  const result = await cli('explain', 'hooly');
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toMatch(/no account or contact "hooly"/);
  expect(result.stderr).toMatch(/did you mean "hooli"/);
});

it('an account asked about a contact milestone is "an account", with the right article', async () => {
  // acme is an account only; user_activated is a contact-level milestone.
  const result = await cli('explain', 'acme', '--milestone', 'user_activated');
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain('"acme" is an account; milestone "user_activated" is for another level');
  // stark-pepper is a contact only; utilization is an account-level milestone.
  const contact = await cli('explain', 'stark-pepper', '--milestone', 'utilization');
  expect(contact.exitCode).toBe(2);
  expect(contact.stderr).toContain(
    '"stark-pepper" is a contact; milestone "utilization" is for another level',
  );
});
