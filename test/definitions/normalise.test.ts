/**
 * The YAML's shorthands and defaults, expanded into the model the compiler reads.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import type { EventCriterion, Project } from '../../src/definitions/model.js';
import { yaml } from './helpers.js';

function project(text: string, file = '/work/defs/m.yaml'): Project {
  const result = parseDefinitions(text, file);
  if (!result.project) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.project;
}

const firstCriterion = (text: string) => project(text).milestones[0]!.criteria[0] as EventCriterion;

describe('filters', () => {
  it('equality shorthand, operators, several operators on one property, negation and exists', () => {
    const c = firstCriterion(yaml`
      milestones:
        - id: a
          criteria:
            - event: report_created
              where:
                plan: pro
                seats: 3
                trial: false
                channel: {in: [web, api]}
                amount: {gte: 10, lt: 100}
                coupon: {exists: false}
                source: {not: {eq: import}}
                region: {not: test}
                path: {not: {starts_with: /admin}}
    `);
    expect(c.where).toEqual([
      { property: 'plan', op: 'eq', value: 'pro', negate: false },
      { property: 'seats', op: 'eq', value: 3, negate: false }, // YAML number stays a number
      { property: 'trial', op: 'eq', value: false, negate: false },
      { property: 'channel', op: 'in', value: ['web', 'api'], negate: false },
      { property: 'amount', op: 'gte', value: 10, negate: false },
      { property: 'amount', op: 'lt', value: 100, negate: false },
      { property: 'coupon', op: 'exists', value: false, negate: false },
      { property: 'source', op: 'eq', value: 'import', negate: true },
      { property: 'region', op: 'eq', value: 'test', negate: true }, // {not: v} is {not: {eq: v}}
      { property: 'path', op: 'starts_with', value: '/admin', negate: true },
    ]);
  });

  it('quoted numbers stay strings', () => {
    const c = firstCriterion('milestones:\n  - id: a\n    criteria: [{event: x, where: {zip: "02134"}}]\n');
    expect(c.where[0]!.value).toBe('02134');
  });
});

describe('criteria', () => {
  const p = () =>
    project(yaml`
      milestones:
        - id: user_activated
          level: contact
          criteria: [{event: login}]
        - id: a
          criteria:
            - {id: installed, event: app_installed}
            - {event: report_created, at_least: 3, per: seats, count: {distinct: report_id}, within: {first: 30d}}
            - any:
                - {event: x, count: active_days, within: {last: 1w}}
                - all:
                    - {event: y, count: {sum: amount}, at_least: 99.5}
                    - {milestone: user_activated_team, currently: true}
            - contacts: user_activated
            - contacts: {milestone: user_activated, at_least: 3, currently: true}
            - {event: z, count: contacts}
        - id: user_activated_team
          criteria: [{event: t}]
    `).milestones[1]!;

  it('ids are the user id or the 1-based path', () => {
    const ids = (list: ReturnType<typeof p>['criteria']): string[] =>
      list.flatMap((c) => [c.id, ...(c.kind === 'any' || c.kind === 'all' ? ids(c.children) : [])]);
    expect(ids(p().criteria)).toEqual(['installed', '2', '3', '3.1', '3.2', '3.2.1', '3.2.2', '4', '5', '6']);
  });

  it('count: becomes an aggregate, at_least and per a threshold, within a window', () => {
    const [installed, reports, group, , , contacts] = p().criteria;
    expect(installed).toMatchObject({ aggregate: { fn: 'count' }, threshold: { atLeast: 1 } });
    expect(reports).toMatchObject({
      aggregate: { fn: 'distinct_values', property: 'report_id' },
      threshold: { atLeast: 3, per: 'seats' },
      within: { kind: 'first', duration: { seconds: 30 * 86_400, text: '30d' } },
    });
    expect(group).toMatchObject({
      kind: 'any',
      children: [
        { aggregate: { fn: 'active_days' }, within: { kind: 'last', duration: { seconds: 7 * 86_400 } } },
        {
          kind: 'all',
          children: [
            { aggregate: { fn: 'sum', property: 'amount' }, threshold: { atLeast: 99.5 } },
            { kind: 'milestone', milestone: 'user_activated_team', currently: true },
          ],
        },
      ],
    });
    expect(contacts).toEqual({
      kind: 'event',
      id: '6',
      event: 'z',
      where: [],
      aggregate: { fn: 'distinct_contacts' },
      threshold: { atLeast: 1 },
    });
  });

  it('contacts: as a string or a mapping', () => {
    const [, , , short, long] = p().criteria;
    expect(short).toEqual({
      kind: 'contacts',
      id: '4',
      milestone: 'user_activated',
      currently: false,
      threshold: { atLeast: 1 },
    });
    expect(long).toEqual({
      kind: 'contacts',
      id: '5',
      milestone: 'user_activated',
      currently: true,
      threshold: { atLeast: 3 },
    });
  });
});

describe('milestones', () => {
  it('defaults: name, level, evaluation, assignment, overrides', () => {
    const m = project('milestones:\n  - {id: a, criteria: [{event: x}]}\n').milestones[0]!;
    expect(m).toEqual({
      id: 'a',
      name: 'a',
      level: 'account',
      criteria: [
        {
          kind: 'event',
          id: '1',
          event: 'x',
          where: [],
          aggregate: { fn: 'count' },
          threshold: { atLeast: 1 },
        },
      ],
      evaluation: { start: { kind: 'first_seen' }, countHistory: false },
      assign: { where: [] },
      overrides: [],
    });
  });

  it('each evaluation start', () => {
    const starts = project(yaml`
      milestones:
        - {id: a, criteria: [{event: x}], evaluation: {start: never}}
        - {id: b, criteria: [{event: x}], evaluation: {start: 2026-01-01, deadline: 90d, count_history: true}}
        - {id: c, criteria: [{event: x}], evaluation: {start: {property: contract_start}}}
        - {id: d, criteria: [{event: x}], evaluation: {start: assigned}, assign: {at: signed_up_at, accounts: [acme]}}
    `).milestones.map((m) => m.evaluation);
    expect(starts).toEqual([
      { start: { kind: 'never' }, countHistory: false },
      // a YAML date stays the ISO string the user wrote
      {
        start: { kind: 'date', at: '2026-01-01' },
        deadline: { seconds: 90 * 86_400, text: '90d' },
        countHistory: true,
      },
      { start: { kind: 'property', property: 'contract_start' }, countHistory: false },
      { start: { kind: 'assigned' }, countHistory: false },
    ]);
  });

  it('assignment filters and ids', () => {
    const m = project(yaml`
      milestones:
        - {id: u, level: contact, criteria: [{event: x}], assign: {contacts: [c1, c2], where: {role: admin}}}
    `).milestones[0]!;
    expect(m.assign).toEqual({
      where: [{ property: 'role', op: 'eq', value: 'admin', negate: false }],
      ids: ['c1', 'c2'],
    });
  });

  it('override at_least applies to every event criterion; explicit thresholds win', () => {
    const m = project(yaml`
      milestones:
        - {id: u, level: contact, criteria: [{event: x}]}
        - id: a
          criteria:
            - {id: installed, event: app_installed}
            - any: [{event: b}, {milestone: c}]
            - {contacts: u}
          overrides:
            - accounts: [acme, globex]
              at_least: 5
              thresholds: {installed: 2, '3': 4}
              deadline: 60d
              start: 2026-02-01
        - {id: c, criteria: [{event: y}]}
    `).milestones[1]!;
    // event criteria: installed and 2.1 get 5; installed is then set to 2; the contacts criterion 3 only by name
    expect(m.overrides).toEqual([
      {
        accounts: ['acme', 'globex'],
        thresholds: { installed: 2, '2.1': 5, '3': 4 },
        deadline: { seconds: 60 * 86_400, text: '60d' },
        start: { kind: 'date', at: '2026-02-01' },
      },
    ]);
  });
});

describe('conversions and journeys', () => {
  const base = 'milestones:\n  - {id: a, criteria: [{event: x}]}\n  - {id: b, criteria: [{event: y}]}\n';

  it('from/to is steps; strings are milestone steps; defaults filled', () => {
    const c = project(`${base}conversions:\n  - {id: c, from: a, to: b, window: 90d}\n`).conversions[0]!;
    expect(c).toEqual({
      id: 'c',
      name: 'c',
      steps: [
        { kind: 'milestone', milestone: 'a' },
        { kind: 'milestone', milestone: 'b' },
      ],
      window: { seconds: 90 * 86_400, text: '90d' },
      cohort: { kind: 'all' },
      exclusions: [],
      touchpoints: [],
      breakdown: [],
      unit: 'account',
      halfLife: { seconds: 7 * 86_400, text: '7d' },
    });
  });

  it('event steps, cohorts, exclusions, touchpoints', () => {
    const c = project(
      base +
        yaml`
      conversions:
        - id: c
          name: Trial to customer
          steps: [a, {event: checkout, where: {plan: pro}}, {milestone: b}]
          window: 12h
          cohort: {from: 2026-01-01, to: 2026-03-31}
          exclusions: [{event: lost, between: [0, 1]}, {event: churned}]
          touchpoints: [demo, {id: pricing, event: page_view, where: {path: {starts_with: /pricing}}}]
          breakdown: [segment]
          unit: account
          value: amount
          currency: EUR
          half_life: 3d
    `,
    ).conversions[0]!;
    expect(c.steps[1]).toEqual({
      kind: 'event',
      event: 'checkout',
      where: [{ property: 'plan', op: 'eq', value: 'pro', negate: false }],
    });
    expect(c.cohort).toEqual({ kind: 'range', from: '2026-01-01', to: '2026-03-31' });
    // an exclusion without between spans the first to the last step (0 to 2)
    expect(c.exclusions.map((e) => e.between)).toEqual([
      [0, 1],
      [0, 2],
    ]);
    expect(c.touchpoints.map((t) => [t.id, t.event, t.where.length])).toEqual([
      ['demo', 'demo', 0],
      ['pricing', 'page_view', 1],
    ]);
    expect(c).toMatchObject({
      name: 'Trial to customer',
      breakdown: ['segment'],
      value: 'amount',
      currency: 'EUR',
      halfLife: { seconds: 3 * 86_400 },
    });
  });

  it('a {last: D} cohort', () => {
    const c = project(`${base}conversions:\n  - {id: c, steps: [a, b], window: 1d, cohort: {last: 180d}}\n`)
      .conversions[0]!;
    expect(c.cohort).toEqual({ kind: 'last', duration: { seconds: 180 * 86_400, text: '180d' } });
  });

  it('journeys: the period defaults to all time, exited_within to 7d', () => {
    const p = project(
      `${base}journeys: [{id: life, stages: [a, b]}, {id: two, name: Two, stages: [b], period: {last: 90d}, exited_within: 30d}]\n`,
    );
    const week = { seconds: 7 * 86_400, text: '7d' };
    expect(p.journeys).toEqual([
      { id: 'life', name: 'life', stages: ['a', 'b'], period: { kind: 'all' }, exitedWithin: week },
      {
        id: 'two',
        name: 'Two',
        stages: ['b'],
        period: { kind: 'last', duration: { seconds: 90 * 86_400, text: '90d' } },
        exitedWithin: { seconds: 30 * 86_400, text: '30d' },
      },
    ]);
  });

  it('cx: nps is 0-10 whatever scale says, csat defaults to 1-5, window to 30d, topics to the canonical columns', () => {
    const p = project(
      `${base}cx:\n  - {id: n, metric: nps, question: Q1, milestones: [a], named_by: m}\n` +
        `  - {id: s, name: Sat, metric: csat, question: Q2, milestones: [a, b], survey: S1, window: 14d, topics: T, sentiment: S}\n`,
    );
    expect(p.cx).toEqual([
      {
        id: 'n',
        name: 'n',
        metric: 'nps',
        question: 'Q1',
        scale: 10,
        milestones: ['a'],
        window: { seconds: 30 * 86_400, text: '30d' },
        namedBy: 'm',
        topics: 'topics',
        sentiment: 'sentiment',
      },
      {
        id: 's',
        name: 'Sat',
        metric: 'csat',
        question: 'Q2',
        scale: 5,
        milestones: ['a', 'b'],
        survey: 'S1',
        window: { seconds: 14 * 86_400, text: '14d' },
        topics: 'T',
        sentiment: 'S',
      },
    ]);
  });
});

describe('project and sources', () => {
  it('defaults: UTC, a warehouse next to the config, no sources', () => {
    const p = project('milestones: []\n', 'defs/m.yaml');
    expect(p.configPath).toBe(path.resolve('defs/m.yaml'));
    expect(p.timezone).toBe('UTC');
    expect(p.warehouse).toBe(path.resolve('defs/milestones.duckdb'));
    expect(p.sources).toEqual({});
  });

  it('warehouse relative to the config; :memory: kept', () => {
    expect(project('warehouse: data/w.duckdb\n').warehouse).toBe('/work/defs/data/w.duckdb');
    expect(project('warehouse: ":memory:"\n').warehouse).toBe(':memory:');
  });

  it('paths resolved against the config folder, globs kept, formats from extensions', () => {
    const p = project(yaml`
      sources:
        events:
          path: [data/events.csv.gz, "data/more/*.csv.zst", s3://bucket/events.csv]
          columns: {ts: occurred_at}
          properties: {plan: VARCHAR}
          properties_json: props
          timestamp_format: '%d/%m/%Y'
        accounts: {path: ../accounts.parquet}
        contacts: {path: contacts.tsv}
        surveys: {path: survey.csv, format: qualtrics, respondent: account}
    `);
    expect(p.sources.events).toEqual({
      paths: ['/work/defs/data/events.csv.gz', '/work/defs/data/more/*.csv.zst', 's3://bucket/events.csv'],
      format: 'csv',
      columns: { ts: 'occurred_at' },
      properties: { plan: 'VARCHAR' },
      propertiesJson: 'props',
      timestampFormat: '%d/%m/%Y',
    });
    expect(p.sources.accounts).toMatchObject({
      paths: ['/work/accounts.parquet'],
      format: 'parquet',
      columns: {},
    });
    expect(p.sources.contacts).toMatchObject({ format: 'csv', delimiter: '\t' }); // .tsv is tab separated
    expect(p.sources.surveys).toMatchObject({ format: 'qualtrics', respondent: 'account' });
  });
});
