/**
 * `compute` warns when the definitions read an event property that no event
 * of that name carries (src/statuses/property-presence.ts): a CSV column
 * `Plan` is packed as the key "Plan", and `where: {plan: pro}` had silently
 * matched nothing, with exit 0.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { loadProject } from '../../src/definitions/load-definitions.js';
import { eventUses } from '../../src/statuses/event-uses.js';
import {
  eventPropertyUses,
  missingProperties,
  missingPropertyWarnings,
} from '../../src/statuses/property-presence.js';
import { presentEvents } from '../../src/statuses/status-summary.js';
import { loadSources } from '../../src/warehouse/load-sources.js';
import { readTables } from '../../src/warehouse/run-plan.js';
import { Warehouse } from '../../src/warehouse/session.js';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'milestones.js');

// `Plan` is an unmapped column (packed into the JSON properties); `props` holds JSON with `channel`.
const EVENTS =
  'ts,account_id,contact_id,event,Plan,props\n' +
  '2026-01-01 10:00:00,a1,c1,signup,pro,"{""channel"":""web""}"\n' +
  '2026-01-02 10:00:00,a1,c1,upgrade,pro,"{""channel"":""web"",""amount"":5}"\n';

const CONFIG = `version: 1
timezone: UTC
warehouse: ":memory:"
sources:
  events:
    path: events.csv
    properties_json: props
milestones:
  - id: pro
    name: Pro
    criteria:
      - event: upgrade
        where: { plan: pro }
      - any:
          - event: signup
            where: { channel: web, Plan: pro }
          - event: upgrade
            count: { sum: amont }
          - event: never_sent
            where: { plan: pro }
conversions:
  - id: up
    name: Up
    window: 30d
    steps:
      - event: signup
      - event: upgrade
        where: { chanel: web }
`;

/** The warnings compute gives for the properties, with the events that occur found first as it does. */
async function propertyWarnings(w: Warehouse, p: ReturnType<typeof loadProject>) {
  const present = await presentEvents(
    w,
    eventUses(p).map((u) => u.event),
  );
  const missing = await missingProperties(w, p, (await readTables(w)).events, present);
  return missingPropertyWarnings(w, p, missing);
}

function project(dir: string) {
  writeFileSync(join(dir, 'events.csv'), EVENTS);
  writeFileSync(join(dir, 'milestones.yaml'), CONFIG);
  return loadProject(join(dir, 'milestones.yaml'));
}

it('lists every event property the milestones and conversions read, with its place in the config', () => {
  const uses = eventPropertyUses(project(tempDir('milestones-property-uses-')));
  // Criterion 1's where; group 2's children 2.1 (two filters), 2.2 (a sum), 2.3; the conversion's step 1.
  expect(uses.map((u) => [u.event, u.property, u.setting])).toEqual([
    ['upgrade', 'plan', 'milestones.0.criteria.0.where.plan'],
    ['signup', 'channel', 'milestones.0.criteria.1.any.0.where.channel'],
    ['signup', 'Plan', 'milestones.0.criteria.1.any.0.where.Plan'],
    ['upgrade', 'amont', 'milestones.0.criteria.1.any.1.count.sum'],
    ['never_sent', 'plan', 'milestones.0.criteria.1.any.2.where.plan'],
    ['upgrade', 'chanel', 'conversions.0.steps.1.where.chanel'],
  ]);
});

it('warns of each property no event of its name carries, suggesting the key as the file wrote it', async () => {
  const p = project(tempDir('milestones-property-presence-'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, p);
    const warnings = await propertyWarnings(w, p);
    // Present: signup's channel and Plan. Missing: upgrade's plan (the key is Plan), upgrade's amont
    // (amount), the conversion's chanel (channel). never_sent never occurs: missingEventWarnings' case.
    expect(warnings.map((d) => [d.code, d.message, d.hint])).toEqual([
      [
        'unknown-property',
        'milestone "pro", criterion 1: event property "plan" never occurs in "upgrade" events, so the filter finds it missing on every one of them',
        'did you mean "Plan"? Property names are case-sensitive, as the file wrote them',
      ],
      [
        'unknown-property',
        'milestone "pro", criterion 2.2: event property "amont" never occurs in "upgrade" events, so the sum finds nothing to count',
        'did you mean "amount"?',
      ],
      [
        'unknown-property',
        'conversion "up", step 2: event property "chanel" never occurs in "upgrade" events, so the filter finds it missing on every one of them',
        'did you mean "channel"?',
      ],
    ]);
    // CONFIG lines 13 (where: plan), 18 (sum: amont) and 28 (where: chanel).
    expect(warnings.map((d) => d.location?.line)).toEqual([13, 18, 28]);
  } finally {
    w.close();
  }
});

it('compute prints the warning and still exits 0', async () => {
  const dir = tempDir('milestones-property-presence-cli-');
  project(dir);
  const result = await execa('node', [BIN, 'compute', '--as-of', '2026-02-01', '--format', 'json'], {
    cwd: dir,
    reject: false,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stderr).toMatch(
    /milestones\.yaml:13:\d+ warning\[unknown-property\]: milestone "pro", criterion 1: event property "plan" never occurs in "upgrade" events/,
  );
  expect(result.stderr).toMatch(/hint: did you mean "Plan"\?/);
});

it('says when the file had the property twice but for case (DuckDB keeps the second as name_1)', async () => {
  const dir = tempDir('milestones-property-twice-');
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,event,Plan,plan\n2026-01-02 10:00:00,a1,upgrade,pro,free\n',
  );
  writeFileSync(
    join(dir, 'milestones.yaml'),
    'version: 1\ntimezone: UTC\nsources:\n  events:\n    path: events.csv\n' +
      'milestones:\n  - id: pro\n    name: Pro\n    criteria: [{event: upgrade, where: {plan: free}}]\n',
  );
  const p = loadProject(join(dir, 'milestones.yaml'));
  const w = await Warehouse.open(':memory:');
  try {
    await loadSources(w, p);
    const warnings = await propertyWarnings(w, p);
    // The keys are "Plan" and "plan_1": "plan" itself never occurs.
    expect(warnings.map((d) => d.hint)).toEqual([
      'the file repeats a column name but for case, and DuckDB renamed the repeats: these events carry "Plan" and "plan_1" (the load\'s repeated-column warning says which column is which): rename them in the export',
    ]);
  } finally {
    w.close();
  }
});
