/**
 * CX warnings about the survey rows themselves (src/cx/cx-results.ts).
 *
 * A response id names one response across every survey file (so that
 * overlapping exports count each response once); rows of one id from two
 * respondents are then merged, and `compute` says so (src/cx/cx-results.ts).
 * Two surveys numbering their responses 1, 2, 3 had been merged in silence
 * (found by review).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'milestones.js');

const CONFIG = `version: 1
timezone: UTC
sources:
  events: {path: events.csv}
  contacts: {path: contacts.csv}
  surveys: {path: "s_*.csv", respondent: contact}
milestones:
  - id: setup
    name: Setup
    criteria: [{event: app_installed}]
cx:
  - {id: nps, name: NPS, metric: nps, question: nps, milestones: [setup]}
`;

async function compute(feb: string) {
  const dir = tempDir('milestones-shared-response-ids-');
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,contact_id,event\n2026-01-01 00:00:00,a1,c1,app_installed\n2026-01-10 00:00:00,a2,c3,app_installed\n',
  );
  writeFileSync(join(dir, 'contacts.csv'), 'contact_id,account_id\nc1,a1\nc2,a1\nc3,a2\n');
  writeFileSync(
    join(dir, 's_jan.csv'),
    'response_id,respondent_id,ts,survey_id,nps\n1,c1,2026-01-02 00:00:00,onboarding,10\n2,c3,2026-01-12 00:00:00,onboarding,9\n',
  );
  writeFileSync(join(dir, 's_feb.csv'), feb);
  return execa('node', [BIN, 'compute', '--db', ':memory:', '--format', 'csv'], { cwd: dir, reject: false });
}

it('names a response id whose rows come from two respondents', async () => {
  // Id 1 is c1's in onboarding and c2's in setup_pulse; id 2 is c3's in both (one respondent: not named).
  const result = await compute(
    'response_id,respondent_id,ts,survey_id,nps\n1,c2,2026-01-20 00:00:00,setup_pulse,0\n2,c3,2026-01-20 00:00:00,setup_pulse,2\n',
  );
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stderr).toMatch(
    /warning\[shared-response-id\]: cx: 1 response id has rows from more than one respondent: "1" \(c1, c2; survey onboarding, setup_pulse\)/,
  );
});

it('says nothing when the ids do not repeat across respondents', async () => {
  const result = await compute(
    'response_id,respondent_id,ts,survey_id,nps\nP1,c2,2026-01-20 00:00:00,setup_pulse,0\n',
  );
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stderr).not.toMatch(/shared-response-id/);
});

it('names survey rows of contacts the contacts table does not list: they have no account', async () => {
  // Found by review: c1 (no contacts row) answered, its response counted for no account milestone, silently.
  const dir = tempDir('milestones-accountless-responses-');
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG.replace('path: "s_*.csv"', 'path: s.csv'));
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,contact_id,event\n2026-01-01 00:00:00,a1,c1,app_installed\n2026-01-10 00:00:00,a2,c3,app_installed\n',
  );
  writeFileSync(join(dir, 'contacts.csv'), 'contact_id,account_id\nc3,a2\n');
  writeFileSync(
    join(dir, 's.csv'),
    'response_id,respondent_id,ts,nps\nR1,c1,2026-01-02 00:00:00,0\nR2,c3,2026-01-12 00:00:00,10\n',
  );
  const result = await execa('node', [BIN, 'compute', '--db', ':memory:', '--format', 'csv'], {
    cwd: dir,
    reject: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  // One row (R1, c1's); R2's contact c3 is listed (account a2).
  expect(result.stderr).toMatch(
    /warning\[response-without-account\]: cx: 1 survey row of contacts the contacts table does not list has no account \(e\.g\. contact "c1"\)/,
  );
});
