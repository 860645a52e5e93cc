/**
 * Checks across the file: duplicates, references, levels, cycles,
 * thresholds, conversions. Positions are counted by hand in comments.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import { brief, check, only, yaml } from './helpers.js';

describe('duplicates', () => {
  it('milestone ids, at the second one', () => {
    const d = only('milestones:\n  - {id: a, criteria: [{event: x}]}\n  - {id: a, criteria: [{event: y}]}\n');
    expect(d).toMatchObject({ code: 'duplicate-id', message: 'milestone id "a" is used twice' });
    expect(d.location).toMatchObject({ line: 3, col: 10 }); // "  - {id: " is 9 characters
  });

  it('milestone names, counting a name that defaults to the id', () => {
    const d = only(
      'milestones:\n  - {id: a, criteria: [{event: x}]}\n  - {id: b, name: a, criteria: [{event: y}]}\n',
    );
    expect(d).toMatchObject({ code: 'duplicate-name', message: 'milestone name "a" is used twice' });
  });

  it('criterion ids within a milestone, groups included', () => {
    const d = only(yaml`
      milestones:
        - id: a
          criteria:
            - {id: x, event: e}
            - any: [{id: x, event: f}, {event: g}]
    `);
    expect(d).toMatchObject({
      code: 'duplicate-id',
      message: 'criterion id "x" in milestone "a" is used twice',
    });
    expect(d.location?.line).toBe(5);
  });

  it('journey and conversion ids', () => {
    const diagnostics = check(yaml`
      milestones: [{id: a, criteria: [{event: x}]}, {id: b, criteria: [{event: y}]}]
      journeys: [{id: j, stages: [a]}, {id: j, stages: [b]}]
      conversions:
        - {id: c, steps: [a, b], window: 1d}
        - {id: c, steps: [a, b], window: 2d}
    `);
    expect(diagnostics.map((d) => d.message)).toEqual([
      'journey id "j" is used twice',
      'conversion id "c" is used twice',
    ]);
  });
});

describe('references', () => {
  const two =
    'milestones:\n  - {id: setup, criteria: [{event: x}]}\n  - {id: activated, criteria: [{event: y}]}\n';

  it('unknown milestones in criteria, with did you mean', () => {
    const d = only(two + '  - {id: c, criteria: [{milestone: setpu}]}\n');
    expect(d).toMatchObject({
      code: 'unknown-milestone',
      message: 'unknown milestone "setpu"',
      hint: 'did you mean "setup"?',
    });
    expect(d.location).toMatchObject({ line: 4, col: 36 }); // "  - {id: c, criteria: [{milestone: " is 35 characters
  });

  it('unknown milestones far from every id list the declared ones', () => {
    const d = only(two + 'journeys: [{id: j, stages: [setup, zebra]}]\n');
    expect(d.hint).toBe('declared milestones: setup, activated');
  });

  it('unknown milestones in conversion steps, from and to', () => {
    const diagnostics = check(
      two +
        'conversions:\n  - {id: c, steps: [setup, {milestone: nope}], window: 1d}\n  - {id: d, from: setup, to: activatd, window: 1d}\n',
    );
    expect(diagnostics.map((d) => `${d.code} ${d.message} ${d.hint}`)).toEqual([
      'unknown-milestone unknown milestone "nope" declared milestones: setup, activated',
      'unknown-milestone unknown milestone "activatd" did you mean "activated"?',
    ]);
  });

  it('override thresholds naming an unknown criterion', () => {
    const d = only(yaml`
      milestones:
        - id: a
          criteria: [{id: installed, event: x}]
          overrides: [{accounts: [acme], thresholds: {instaled: 2}}]
    `);
    expect(d).toMatchObject({ code: 'unknown-criterion', hint: 'did you mean "installed"?' });
    // "    overrides: [{accounts: [acme], thresholds: {" is 48 characters
    expect(d.location).toMatchObject({ line: 4, col: 49 });
  });

  it('override thresholds on a criterion without a threshold', () => {
    const d = only(yaml`
      milestones:
        - {id: b, criteria: [{event: y}]}
        - id: a
          criteria: [{event: x}, {milestone: b}]
          overrides: [{accounts: [acme], thresholds: {'2': 2}}]
    `);
    expect(d).toMatchObject({ code: 'bad-override', message: 'criterion "2" has no threshold to override' });
  });

  it('an account in two overrides of the same milestone', () => {
    const d = only(yaml`
      milestones:
        - id: a
          criteria: [{event: x}]
          overrides:
            - {accounts: [acme], at_least: 2}
            - {accounts: [globex, acme], deadline: 3d}
    `);
    // "      - {accounts: [globex, " is 28 characters
    expect(d).toMatchObject({ code: 'duplicate-override', location: { line: 6, col: 29 } });
    expect(d.message).toBe('account "acme" is in two overrides of "a"');
  });

  it('an account listed twice in one override is said so (found by review: "in two overrides")', () => {
    const d = only(yaml`
      milestones:
        - id: a
          criteria: [{event: x}]
          overrides:
            - {accounts: [acme, acme], at_least: 2}
    `);
    expect(d).toMatchObject({ code: 'duplicate-override', hint: 'list it once', location: { line: 5 } });
    expect(d.message).toBe('account "acme" is listed twice in this override of "a"');
  });
});

describe('dependency cycles', () => {
  it('are printed as a -> b -> a, starting at the first declared milestone', () => {
    const text = readFileSync(new URL('../fixtures-defs/cycle.yaml', import.meta.url), 'utf8');
    const d = parseDefinitions(text, 'cycle.yaml').diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      code: 'cycle',
      message: 'dependency cycle: setup -> adopted -> activated -> setup',
    });
    // the reference setup -> adopted: line 6, "      - milestone: adopted", value at col 20
    expect(d[0]!.location).toMatchObject({ line: 6, col: 20 });
  });

  it('include a milestone that depends on itself', () => {
    const d = only('milestones:\n  - {id: a, criteria: [{milestone: a}]}\n');
    expect(d.message).toBe('dependency cycle: a -> a');
  });

  it('go through contacts: criteria too', () => {
    const diagnostics = check(yaml`
      milestones:
        - {id: team, criteria: [{contacts: {milestone: person, at_least: 3}}]}
        - {id: person, level: contact, criteria: [{milestone: team}]}
    `);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['cycle', 'level-mismatch']);
    expect(diagnostics.find((d) => d.code === 'cycle')?.message).toBe(
      'dependency cycle: team -> person -> team',
    );
  });
});

describe('levels', () => {
  it('contacts: must name a contact-level milestone', () => {
    const d = only(
      'milestones:\n  - {id: a, criteria: [{event: x}]}\n  - {id: b, criteria: [{contacts: a}]}\n',
    );
    expect(d).toMatchObject({
      code: 'level-mismatch',
      hint: 'write milestone: a to depend on it, or make "a" level: contact',
    });
  });

  it('contacts: only in account-level milestones', () => {
    const diagnostics = check(yaml`
      milestones:
        - {id: u, level: contact, criteria: [{event: x}]}
        - {id: v, level: contact, criteria: [{contacts: u}]}
    `);
    // at the criterion: "  - {id: v, level: contact, criteria: [" is 39 characters
    expect(brief(diagnostics)).toEqual(['3:40 error level-mismatch']);
  });

  it('a contact milestone cannot depend on an account milestone, nor the reverse', () => {
    const diagnostics = check(yaml`
      milestones:
        - {id: acct, criteria: [{event: x}]}
        - {id: person, level: contact, criteria: [{milestone: acct}]}
        - {id: acct2, criteria: [{milestone: person}]}
    `);
    expect(diagnostics.map((d) => d.message)).toEqual([
      '"person" (contact) cannot depend on "acct" (account)',
      '"acct2" (account) cannot depend on "person" (contact)',
    ]);
    expect(diagnostics[1]!.hint).toBe('count its contacts with contacts: {milestone: person}');
  });

  it('count: contacts needs an account-level milestone', () => {
    const d = only('milestones:\n  - {id: u, level: contact, criteria: [{event: x, count: contacts}]}\n');
    expect(d.code).toBe('level-mismatch');
  });

  it('assign.contacts is for contact milestones', () => {
    const d = only('milestones:\n  - {id: a, criteria: [{event: x}], assign: {contacts: [c1]}}\n');
    expect(d).toMatchObject({ code: 'level-mismatch', hint: '"a" is account-level: write assign.accounts' });
  });
});

describe('thresholds', () => {
  const criterion = (c: string) => `milestones:\n  - id: a\n    criteria:\n      - ${c}\n`;

  it('a count below 1 is an error', () => {
    const d = only(criterion('{event: x, at_least: 0.5}'));
    // "      - {event: x, at_least: " is 29 characters
    expect(d).toMatchObject({ code: 'bad-threshold', location: { line: 4, col: 30 } });
  });

  it('a sum or a per-seat factor may be below 1', () => {
    expect(check(criterion('{event: x, at_least: 0.5, count: {sum: amount}}'))).toEqual([]);
    expect(check(criterion('{event: x, at_least: 0.5, per: seats}'))).toEqual([]);
  });

  it('zero is an error even for sums', () => {
    const d = only(criterion('{event: x, at_least: 0, count: {sum: amount}}'));
    expect(d).toMatchObject({ code: 'bad-value', message: 'at_least must be greater than 0' });
  });

  it('a fractional count is a warning, and the file is still valid', () => {
    const { project, diagnostics } = parseDefinitions(criterion('{event: x, at_least: 2.5}'), 'm.yaml');
    expect(brief(diagnostics)).toEqual(['4:30 warning fractional-threshold']);
    expect(project).toBeDefined();
  });

  it('contacts: thresholds follow the same rule', () => {
    const d = only(yaml`
      milestones:
        - {id: u, level: contact, criteria: [{event: x}]}
        - {id: a, criteria: [{contacts: {milestone: u, at_least: 0.3}}]}
    `);
    expect(d.code).toBe('bad-threshold');
  });

  it('an override at_least below 1 on count criteria is an error', () => {
    const d = only(
      'milestones:\n  - {id: a, criteria: [{event: x}], overrides: [{accounts: [acme], at_least: 0.5}]}\n',
    );
    expect(d.code).toBe('bad-threshold');
  });
});

describe('evaluation and assignment', () => {
  it('start: assigned needs assign.at', () => {
    const d = only('milestones:\n  - {id: a, criteria: [{event: x}], evaluation: {start: assigned}}\n');
    // "  - {id: a, criteria: [{event: x}], evaluation: {start: " is 56 characters
    expect(d).toMatchObject({ code: 'missing-assign-at', location: { line: 2, col: 57 } });
    const ok =
      'milestones:\n  - {id: a, criteria: [{event: x}], evaluation: {start: assigned}, assign: {at: t}}\n';
    expect(check(ok)).toEqual([]);
  });

  it('an override with start: assigned needs it too', () => {
    const d = only(
      'milestones:\n  - {id: a, criteria: [{event: x}], overrides: [{accounts: [acme], start: assigned}]}\n',
    );
    expect(d.code).toBe('missing-assign-at');
  });

  it('an override that changes nothing is a warning', () => {
    const d = only('milestones:\n  - {id: a, criteria: [{event: x}], overrides: [{accounts: [acme]}]}\n');
    expect(d).toMatchObject({ severity: 'warning', code: 'empty-override' });
  });

  it('a blanket at_least on a milestone without event criteria is a warning (found by review)', () => {
    const text =
      'milestones:\n  - {id: u, level: contact, criteria: [{event: x}]}\n' +
      '  - {id: a, criteria: [{contacts: {milestone: u, at_least: 2}}], overrides: [{accounts: [acme], at_least: 5}]}\n';
    const d = only(text);
    expect(d).toMatchObject({ severity: 'warning', code: 'empty-override', location: { line: 3 } });
    // With an event criterion beside it, at_least reaches that one: fine.
    expect(
      check(
        text.replace(
          '[{contacts: {milestone: u, at_least: 2}}]',
          '[{contacts: {milestone: u, at_least: 2}}, {event: y}]',
        ),
      ),
    ).toEqual([]);
  });
});

describe('criterion keys under where:', () => {
  it('warns of a criterion key indented under where: (found by review: it became a filter)', () => {
    const text = yaml`
      milestones:
        - id: a
          criteria:
            - event: report
              where:
                plan: pro
                at_least: 3
    `;
    // Line 7: at_least, col 11 (the key).
    expect(brief(check(text))).toEqual(['7:11 warning criterion-key-in-where']);
    // At the criterion's own level (as indented as where:) it is the threshold: no warning.
    expect(check(text.replace('          at_least: 3', '        at_least: 3'))).toEqual([]);
  });
});

describe('filters', () => {
  const where = (w: string) =>
    `milestones:\n  - id: a\n    criteria:\n      - event: x\n        where: ${w}\n`;

  it('an empty operator mapping', () => {
    expect(only(where('{plan: {}}'))).toMatchObject({
      code: 'bad-filter',
      message: 'empty filter on "plan"',
    });
  });

  it('not: with two operators', () => {
    const d = only(where('{plan: {not: {eq: a, in: [b]}}}'));
    expect(d).toMatchObject({ code: 'bad-filter', message: 'not: takes exactly one operator' });
    expect(d.location).toMatchObject({ line: 5, col: 29 }); // 8 spaces + "where: {plan: {not: " (20)
  });

  it('a list where a value belongs suggests in:', () => {
    const d = only(where('{plan: [pro, team]}'));
    expect(d).toMatchObject({ code: 'bad-type' });
    expect(d.hint).toMatch(/\{in: \[a, b\]\}/);
  });

  it('a missing value suggests exists: false', () => {
    const d = only(where('{plan: }'));
    expect(d.message).toMatch(/found nothing/);
    expect(d.hint).toMatch(/exists: false/);
  });
});

describe('conversions', () => {
  const milestones =
    'milestones:\n  - {id: a, criteria: [{event: x}]}\n  - {id: b, criteria: [{event: y}]}\n';
  const conversion = (c: string) => `${milestones}conversions:\n  - ${c}\n`;

  it('fewer than two steps', () => {
    expect(only(conversion('{id: c, steps: [a], window: 1d}')).code).toBe('too-few-steps');
  });

  it('no steps at all', () => {
    expect(only(conversion('{id: c, window: 1d}'))).toMatchObject({
      code: 'missing-key',
      message: 'missing steps',
    });
  });

  it('steps and from/to together', () => {
    expect(only(conversion('{id: c, steps: [a, b], from: a, window: 1d}')).code).toBe('conflicting-keys');
  });

  it('from without to', () => {
    expect(only(conversion('{id: c, from: a, window: 1d}')).message).toBe('missing required key "to"');
  });

  it('a repeated milestone step (a milestone completes once)', () => {
    const d = only(conversion('{id: c, steps: [a, {event: e, where: {p: 1}}, {milestone: a}], window: 1d}'));
    expect(d).toMatchObject({ code: 'repeated-step' });
    expect(d.location?.col).toBe(51); // "  - {id: c, steps: [a, {event: e, where: {p: 1}}, " is 50 characters
  });

  it('repeated event steps are allowed (each takes its own, later event)', () => {
    expect(check(conversion('{id: c, steps: [a, {event: e}, {event: e}, {event: e}], window: 1d}'))).toEqual(
      [],
    );
  });

  it('a window that does not parse', () => {
    expect(only(conversion('{id: c, steps: [a, b], window: 3 months}')).code).toBe('bad-duration');
  });

  it('exclusions between steps out of order or outside the steps', () => {
    const diagnostics = check(
      conversion(
        '{id: c, steps: [a, b], window: 1d, exclusions: [{event: z, between: [1, 0]}, {event: z, between: [0, 2]}]}',
      ),
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      'between [1, 0]: the first step must come before the second',
      'between [0, 2] is outside the steps (0 to 1)',
    ]);
  });

  it('a step whose level differs from the unit', () => {
    const diagnostics = check(conversion('{id: c, steps: [a, b], window: 1d, unit: contact}'));
    expect(diagnostics.map((d) => d.code)).toEqual(['level-mismatch', 'level-mismatch']);
  });

  it('touchpoint ids must be unique, defaulting to the event name', () => {
    const d = only(
      conversion('{id: c, steps: [a, b], window: 1d, touchpoints: [demo, {event: demo, where: {p: 1}}]}'),
    );
    expect(d).toMatchObject({ code: 'duplicate-id', message: 'touchpoint id "demo" is used twice' });
  });

  it('a cohort that ends before it starts', () => {
    const d = only(
      conversion('{id: c, steps: [a, b], window: 1d, cohort: {from: 2026-03-01, to: 2026-01-01}}'),
    );
    expect(d.code).toBe('bad-cohort');
  });
});

describe('sources', () => {
  it('a path whose format cannot be told', () => {
    const d = only('sources:\n  events: {path: data/events.json}\n');
    // "  events: {path: " is 17 characters
    expect(d).toMatchObject({ code: 'unknown-format', location: { line: 2, col: 18 } });
  });

  it('a folder as the path: the hint names a glob too (found by review)', () => {
    const d = only('sources:\n  events: {path: fixtures}\n');
    expect(d.code).toBe('unknown-format');
    expect(d.hint).toContain('for a folder, a glob: path: data/*.csv');
  });

  it('mixed formats in one source', () => {
    expect(only('sources:\n  events: {path: [a.csv, b.parquet]}\n').code).toBe('mixed-formats');
  });

  it('qualtrics is for surveys only', () => {
    expect(only('sources:\n  events: {path: a.csv, format: qualtrics}\n').code).toBe('bad-format');
  });

  it('unknown canonical columns, with did you mean', () => {
    const d = only('sources:\n  events: {path: a.csv, columns: {acount_id: account}}\n');
    expect(d).toMatchObject({ code: 'unknown-key', hint: 'did you mean "account_id"?' });
  });
});

describe('timezone_property', () => {
  it('warns when no accounts source can hold it', () => {
    const d = only('timezone_property: tz\nmilestones: [{id: a, criteria: [{event: x}]}]\n');
    expect(d).toMatchObject({ severity: 'warning', code: 'no-accounts-source' });
    expect(d.location?.line).toBe(1);
  });
});

describe('cx without a surveys source', () => {
  it('warns at the cx key', () => {
    const d = only(
      'milestones: [{id: a, criteria: [{event: x}]}]\ncx: [{id: n, metric: nps, question: Q1, milestones: [a]}]\n',
    );
    expect(d).toMatchObject({ severity: 'warning', code: 'no-surveys-source' });
    expect(d.location).toMatchObject({ line: 2, col: 1 });
  });
});
