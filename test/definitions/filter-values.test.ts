/**
 * `where:` values that cannot mean what they say against the declared
 * property types (src/definitions/filter-value-checks.ts). Each gave a
 * wrong answer with exit 0 (found by review); now an error at its line.
 */
import { describe, expect, it } from 'vitest';
import { brief, check, yaml } from './helpers.js';

const config = (where: string, assign = '{}') => yaml`
  timezone: America/New_York
  sources:
    events:
      path: e.csv
      properties: {amount: DOUBLE, n: BIGINT, paid_at: TIMESTAMP, trial: BOOLEAN, plan: VARCHAR}
    accounts:
      path: a.csv
      properties: {signed: TIMESTAMP, seats: INTEGER}
  milestones:
    - id: m
      criteria: [{event: buy, where: ${where}}]
      assign: ${assign}
`;

describe('where: values against declared types', () => {
  it('accepts values of the right kind', () => {
    // ("9007199254740993" quoted: the digits as written.)
    const ok = [
      '{amount: {gte: 10}}',
      '{n: 12345}',
      "{n: '9007199254740993'}",
      '{paid_at: {lte: 2026-01-31}}',
      "{paid_at: {gte: '2026-01-31T09:00:00Z'}}",
      '{trial: true}',
      "{plan: {in: [pro, '10']}}",
      '{amount: {exists: true}}',
      '{plan: {contains: "1"}}',
      // A quoted number against a number column is that number (compiler/filters.ts).
      '{amount: {gte: "10"}}',
      "{seats: {in: ['1', 2]}}",
    ];
    for (const where of ok) expect(check(config(where)), where).toEqual([]);
  });

  it('rejects a number YAML rounds, text against a number, a date the config cannot read, a non-boolean', () => {
    // Line 11 holds the criterion; each error points at the offending value (checked by hand).
    expect(brief(check(config('{n: 9007199254740993}')))).toEqual(['11:40 error yaml-reading']);
    expect(brief(check(config('{amount: {gte: ten}}')))).toEqual(['11:51 error text-against-number']);
    expect(brief(check(config('{amount: {in: [1, "2 USD"]}}')))).toEqual(['11:54 error text-against-number']);
    expect(brief(check(config('{paid_at: {lte: 2026-1-31}}')))).toEqual(['11:52 error bad-date']);
    expect(brief(check(config('{trial: yes}')))).toEqual(['11:44 error bad-filter']);
    // Under not: too, and in assign: against the accounts' types.
    expect(brief(check(config('{paid_at: {not: {eq: yesterday}}}')))).toEqual(['11:57 error bad-date']);
    expect(brief(check(config('{}', '{where: {seats: {gte: five}}}')))).toEqual([
      '12:35 error text-against-number',
    ]);
    expect(check(config('{amount: {gte: ten}}'))[0]?.message).toBe(
      'where: amount: the property is DOUBLE, but "ten" is no number',
    );
  });

  it('rejects true or false against a number or a time (found by review)', () => {
    // `seats: true` read every non-zero count as true and assigned every account, exit 0.
    expect(brief(check(config('{}', '{where: {seats: true}}')))).toEqual(['12:29 error bad-filter']);
    expect(check(config('{}', '{where: {seats: true}}'))[0]?.message).toBe(
      'where: seats: the property is INTEGER, but true is not a number',
    );
    expect(brief(check(config('{paid_at: {not: {eq: false}}}')))).toEqual(['11:57 error bad-filter']);
  });

  it('checks conversion steps, exclusions and touchpoints against the events', () => {
    const text = yaml`
      sources:
        events: {path: e.csv, properties: {amount: DOUBLE}}
      milestones: [{id: m, criteria: [{event: a}]}]
      conversions:
        - id: c
          steps: [{event: a, where: {amount: {gt: zero}}}, {event: b}]
          window: 30d
          touchpoints: [{id: t, event: d, where: {amount: five}}]
    `;
    expect(brief(check(text))).toEqual(['6:45 error text-against-number', '8:53 error text-against-number']);
  });
});
