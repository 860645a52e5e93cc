/**
 * `--as-of DATE` is the end of that day to the microsecond, as times are
 * kept (src/definitions/as-of.ts). It was 23:59:59.999, so an event at
 * 23:59:59.9995 fell outside its own day (found by review).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';
import { jsonTables } from './json-tables.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'milestones.js');

it('counts an event in the last millisecond of the --as-of day', async () => {
  const dir = tempDir('milestones-as-of-day-end-');
  // Two installs on 01-01, the second half a millisecond before midnight; one on 01-02.
  writeFileSync(
    join(dir, 'events.csv'),
    'ts,account_id,event\n' +
      '2026-01-01 10:00:00,a1,install\n' +
      '2026-01-01 23:59:59.9995,a1,install\n' +
      '2026-01-02 08:00:00,a1,install\n',
  );
  writeFileSync(
    join(dir, 'milestones.yaml'),
    'version: 1\ntimezone: UTC\nsources:\n  events:\n    path: events.csv\n' +
      'milestones:\n  - id: setup\n    name: Setup\n    criteria: [{event: install, at_least: 2}]\n',
  );
  const result = await execa(
    'node',
    [BIN, 'compute', '--db', ':memory:', '--as-of', '2026-01-01', '--format', 'json'],
    { cwd: dir, reject: false },
  );
  expect(result.exitCode, result.stderr).toBe(0);
  const [milestones] = jsonTables(result.stdout, ['milestones']);
  // Both 01-01 installs count by the end of 01-01: a1 is achieving (the 01-02 one is after T).
  expect(milestones?.[0]).toMatchObject({ milestone: 'setup', assigned: '1', achieving: '1' });
});
