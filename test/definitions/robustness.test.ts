/**
 * Whatever shape the YAML has, checking it never crashes: every problem is
 * a diagnostic with a position, and a project comes back only without errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';

// The language's own words (and a few near misses) so generated files reach deep into the checks.
const words = [
  'version',
  'timezone',
  'warehouse',
  'sources',
  'events',
  'path',
  'format',
  'columns',
  'milestones',
  'id',
  'name',
  'level',
  'criteria',
  'event',
  'where',
  'at_least',
  'per',
  'count',
  'within',
  'first',
  'last',
  'any',
  'all',
  'milestone',
  'currently',
  'contacts',
  'evaluation',
  'start',
  'deadline',
  'assign',
  'accounts',
  'at',
  'overrides',
  'thresholds',
  'journeys',
  'stages',
  'conversions',
  'steps',
  'from',
  'to',
  'window',
  'cohort',
  'exclusions',
  'between',
  'touchpoints',
  'in',
  'not',
  'exists',
  'gte',
  'sum',
  'distinct',
  'a',
  'b',
  'at_lest',
];
const scalars = fc.oneof(
  fc.constantFrom(
    ...words,
    '30d',
    '1m',
    'assigned',
    'contact',
    'account',
    '2026-01-01',
    'csv',
    'x.csv',
    'UTC',
  ),
  fc.integer({ min: -2, max: 5 }),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalars, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(fc.constantFrom(...words), tie('value'), { maxKeys: 4 }),
}));
const file = fc.dictionary(
  fc.constantFrom('milestones', 'conversions', 'journeys', 'sources', 'timezone'),
  value,
  {
    maxKeys: 4,
  },
);

describe('robustness', () => {
  it('never throws, and always places its diagnostics', () => {
    fc.assert(
      fc.property(file, (data) => {
        const text = stringify(data);
        const { project, diagnostics } = parseDefinitions(text, 'm.yaml');
        const lines = text.split('\n').length;
        for (const d of diagnostics) {
          expect(d.location?.line).toBeGreaterThanOrEqual(1);
          expect(d.location?.line).toBeLessThanOrEqual(lines);
          expect(d.message.length).toBeGreaterThan(0);
        }
        expect(project === undefined).toBe(diagnostics.some((d) => d.severity === 'error'));
      }),
      { numRuns: 400, seed: 20260101 },
    );
  });
});
