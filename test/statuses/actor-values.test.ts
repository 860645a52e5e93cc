/**
 * `compute` warns of account values a milestone reads that are there but
 * unreadable (src/statuses/actor-values.ts): a `per:` of "three" or a start
 * date of "01/15/2026" had silently meant "missing" (never holds, never
 * starts), with exit 0.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { unreadableActorValueWarnings } from '../../src/statuses/actor-values.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

// seats, started and tz are unmapped: packed as text. a2 reads fine, a4's empty cells are missing (not unreadable).
const ACCOUNTS =
  'id,seats,started,signed,tz\n' +
  'a1,three,01/15/2026,2026-01-01,Mars/Olympus\n' +
  'a2,4,2026-01-15,2026-01-01,Asia/Tokyo\n' +
  'a3,12 seats,2026-01-15T09:00:00Z,2026-01-01,asia/tokyo\n' +
  'a4,,,,\n';

const config = (typed: boolean) => `version: 1
timezone: UTC
timezone_property: tz
sources:
  events:
    path: events.csv
  accounts:
    path: accounts.csv
    columns: {account_id: id}
${typed ? '    properties: {seats: VARCHAR, signed: DATE}\n' : ''}milestones:
  - id: used
    name: Used
    criteria:
      - event: x
        per: seats
    evaluation:
      start: {property: started}
  - id: signed
    name: Signed
    criteria: [{event: x}]
    evaluation:
      start: {property: signed}
`;

async function warnings(typed: boolean) {
  const dir = tempDir('milestones-actor-values-');
  writeFileSync(join(dir, 'events.csv'), 'ts,account_id,event\n2026-01-20 10:00:00,a1,x\n');
  writeFileSync(join(dir, 'accounts.csv'), ACCOUNTS);
  writeFileSync(join(dir, 'milestones.yaml'), config(typed));
  const project = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, project);
    return await unreadableActorValueWarnings(w, project, await readTables(w));
  } finally {
    w.close();
  }
}

it('names per: and start: values that are no number or date, with a count and an example', async () => {
  const found = await warnings(false);
  // seats: "three" (a1) and "12 seats" (a3); min() of the two texts is "12 seats".
  // started: only a1's "01/15/2026"; a3's ISO instant and a2's date read fine, a4's empty is missing.
  // signed: every value reads as a date. tz: a1's Mars/Olympus and a3's asia/tokyo (zone names are
  // case-sensitive, as account-zones.sql matches them); min() of the two is "Mars/Olympus".
  expect(found.map((d) => [d.code, d.message, d.location?.line])).toEqual([
    [
      'unreadable-value',
      'milestone "used", criterion 1: per: seats is no number for 2 accounts (e.g. "12 seats"), which count as missing: the criterion never holds for them',
      15, // `per: seats`
    ],
    [
      'unreadable-value',
      'milestone "used": start: started is no date or time for 1 account (e.g. "01/15/2026"), which count as missing: the milestone never starts for them (not_started)',
      17, // `start: {property: started}`
    ],
    [
      'unreadable-value',
      'timezone_property: tz is no time zone DuckDB knows for 2 accounts (e.g. "Mars/Olympus"), which count as missing: their active days are counted in UTC',
      3,
    ],
  ]);
});

it('leaves typed date columns to the loader, and still reads typed text as text', async () => {
  // signed declared DATE: not checked here. seats declared VARCHAR: still text, still warned.
  const found = await warnings(true);
  expect(found.map((d) => d.message.split(' is no ')[0])).toEqual([
    'milestone "used", criterion 1: per: seats',
    'milestone "used": start: started',
    'timezone_property: tz',
  ]);
});
