/**
 * The test-file parser: a valid file becomes tests whose every compared key
 * knows its line and column; every mistake is a diagnostic at file:line:col
 * with a hint, all of a phase reported at once.
 */
import { describe, expect, it } from 'vitest';
import { at, brief, parse, tests, yaml } from './helpers.js';

describe('a valid test file', () => {
  const text = yaml`
    tests:
      - name: pays
        as_of: 2026-01-31
        accounts: [{account_id: acme, seats: 3}]
        events:
          - {ts: 2026-01-02 10:00, account_id: acme, event: paid, amount: 150, channel: web}
        expect:
          statuses:
            - {milestone: paid, account: acme, status: achieving, completed_at: 2026-01-02 10:00}
            - {milestone: user_paid, contact: u1, assigned: false}
          conversions:
            - {conversion: login_to_paid, step: paid, breakdown: seats, value: 3, reached: 0}
          journeys:
            - {journey: path, account: acme, stage: paid}
  `;

  it('keeps the rows as written, with their locations', () => {
    const [test] = tests(text);
    expect(test!.name).toBe('pays');
    expect(test!.location).toMatchObject({ file: 't.yaml' });
    expect(`${test!.location.line}:${test!.location.col}`).toBe(at(text, 'pays'));
    expect(test!.accounts.map((r) => r.values)).toEqual([{ account_id: 'acme', seats: 3 }]);
    // Keys that are not canonical columns stay in the row: the runner makes them properties.
    expect(test!.events[0]!.values).toMatchObject({ amount: 150, channel: 'web' });
    expect(`${test!.events[0]!.location.line}:${test!.events[0]!.location.col}`).toBe(at(text, '{ts:'));
  });

  it('reads as_of as --as-of does: a date is the end of that day in the config zone', () => {
    // 2026-01-31 23:59:59.999 in New York (EST, UTC-5) is 2026-02-01 04:59:59.999 UTC.
    expect(tests(text)[0]!.asOf).toBe('2026-02-01 04:59:59.999999');
  });

  it('compares only the keys given, each located at its value', () => {
    const [test] = tests(text);
    const [paid, userPaid] = test!.statuses;
    expect(paid).toMatchObject({ milestone: 'paid', level: 'account', actor: 'acme' });
    expect(paid!.checks.map((c) => [c.field, c.expected, `${c.location.line}:${c.location.col}`])).toEqual([
      ['status', 'achieving', at(text, 'achieving, completed_at')],
      ['completed_at', '2026-01-02 10:00', at(text, '2026-01-02 10:00}')],
    ]);
    expect(userPaid).toMatchObject({ level: 'contact', actor: 'u1' });
    expect(userPaid!.checks.map((c) => c.field)).toEqual(['assigned']);
  });

  it('resolves a step name to its number and a breakdown value to text', () => {
    const [conversion] = tests(text)[0]!.conversions;
    // steps: [login, paid]: "paid" is step 2; seats 3 is compared as the text "3".
    expect(conversion).toMatchObject({
      step: 2,
      stepName: 'paid',
      breakdown: { property: 'seats', value: '3' },
    });
    expect(conversion!.checks.map((c) => c.field)).toEqual(['reached']);
  });
});

describe('schema errors point at the key or value', () => {
  it('names a misspelt key and suggests the right one', () => {
    const text = yaml`
      tests:
        - name: t
          events: []
          expect:
            statuses: [{milestone: paid, account: acme, complted_at: 2026-01-02}]
    `;
    const result = parse(text);
    expect(brief(result)).toEqual([`${at(text, 'complted_at')} unknown-key`]);
    expect(result.diagnostics[0]!.hint).toBe('did you mean "completed_at"?');
  });

  it('rejects an impossible date and a status that does not exist', () => {
    const text = yaml`
      tests:
        - name: t
          events:
            - {ts: 2026-02-30 10:00, account_id: acme, event: paid}
          expect:
            statuses: [{milestone: paid, account: acme, status: achieved}]
    `;
    const result = parse(text);
    expect(brief(result)).toEqual([
      `${at(text, '2026-02-30')} bad-date`,
      `${at(text, 'achieved')} bad-value`,
    ]);
    expect(result.diagnostics[1]!.hint).toBe('did you mean "achieving"?');
  });

  it('asks for ids that look like numbers to be quoted', () => {
    const text = yaml`
      tests:
        - name: t
          events: [{ts: 2026-01-02, account_id: 7, event: paid}]
          expect: {statuses: [{milestone: paid, account: '7', status: achieving}]}
    `;
    const result = parse(text);
    expect(brief(result)).toEqual([`${at(text, '7,')} bad-type`]);
    expect(result.diagnostics[0]!.hint).toMatch(/quote ids/);
  });

  it('reports a YAML syntax error with its position', () => {
    const result = parse('tests:\n  - name: t\n    events: [{ts: 2026-01-02\n');
    expect(result.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', location: { file: 't.yaml' } });
    expect(result.tests).toBeUndefined();
  });

  it('says so when the file is empty or not a mapping', () => {
    expect(brief(parse(''))).toEqual(['1:1 empty-file']);
    expect(brief(parse('- a\n- b\n'))).toEqual(['1:1 bad-type']);
  });
});

describe('checks against the definitions', () => {
  it('finds unknown milestones, conversions, steps, breakdowns, journeys and stages', () => {
    const text = yaml`
      tests:
        - name: t
          events: []
          expect:
            statuses: [{milestone: piad, account: acme, status: achieving}]
            conversions:
              - {conversion: login_to_pay, step: 1, reached: 1}
              - {conversion: login_to_paid, step: 3, reached: 1}
              - {conversion: login_to_paid, step: pid, breakdown: seat, value: 3, reached: 1}
            journeys: [{journey: path, account: acme, stage: activated}]
    `;
    const result = parse(text);
    expect(brief(result)).toEqual([
      `${at(text, 'piad')} unknown-milestone`,
      `${at(text, 'login_to_pay,')} unknown-conversion`,
      `${at(text, '3, reached')} unknown-step`,
      `${at(text, 'pid')} unknown-step`,
      `${at(text, 'seat,')} unknown-breakdown`,
      `${at(text, 'activated')} unknown-stage`,
    ]);
    expect(result.diagnostics[0]!.hint).toBe('did you mean "paid"?');
    expect(result.diagnostics[2]!.message).toBe('"login_to_paid" has 2 steps; there is no step 3');
  });

  it('wants the actor of the milestone level', () => {
    const text = yaml`
      tests:
        - name: t
          events: []
          expect:
            statuses:
              - {milestone: user_paid, account: acme, status: achieving}
              - {milestone: paid, status: achieving}
    `;
    const result = parse(text);
    // wrong-level points at the key to change; missing-key at the expectation that lacks it.
    expect(brief(result)).toEqual([
      `${at(text, 'account: acme')} wrong-level`,
      `${at(text, '{milestone: paid')} missing-key`,
    ]);
    expect(result.diagnostics[0]!.message).toBe(
      '"user_paid" is a contact-level milestone: name the contact, not the account',
    );
  });

  it('rejects tests that cannot fail', () => {
    const text = yaml`
      tests:
        - name: t
          events: []
          expect: {}
        - name: u
          events: []
          expect:
            statuses: [{milestone: paid, account: acme}]
    `;
    expect(brief(parse(text))).toEqual([
      `${at(text, '{}')} no-expectations`,
      `${at(text, '{milestone: paid')} compares-nothing`,
    ]);
  });

  it('rejects duplicate names, events without an actor, and keys the loader owns', () => {
    const text = yaml`
      tests:
        - name: t
          events:
            - {ts: 2026-01-02, event: paid}
            - {ts: 2026-01-02, account_id: a, event: paid, properties: {x: 1}}
          expect: {statuses: [{milestone: paid, account: a, status: achieving}]}
        - name: t
          expect: {statuses: [{milestone: paid, account: a, status: achieving}]}
    `;
    expect(brief(parse(text))).toEqual([
      `${at(text, '{ts: 2026-01-02, event')} missing-actor`,
      `${at(text, 'properties:')} reserved-key`,
      `${at(text, 't', 7).replace(/:\d+$/, ':11')} duplicate-name`,
    ]);
  });

  it('wants a breakdown value with a breakdown, and a breakdown with a value', () => {
    const text = yaml`
      tests:
        - name: t
          expect:
            conversions:
              - {conversion: login_to_paid, step: 1, breakdown: seats, reached: 1}
              - {conversion: login_to_paid, step: 1, value: 3, reached: 1}
    `;
    expect(brief(parse(text))).toEqual([
      `${at(text, '{conversion: login_to_paid, step: 1, breakdown')} missing-key`,
      `${at(text, 'value: 3')} missing-key`,
    ]);
  });
});

describe('survey rows, cx and travelers', () => {
  const text = yaml`
    tests:
      - name: cx
        surveys:
          - {ts: 2026-01-03 10:00, respondent_id: u1, score: 9, about: paid, sentiment: Positive}
        expect:
          cx:
            - {cx: nps, milestone: paid, responses: 1, nps: 100}
            - {cx: csat, mean: null}
          travelers:
            - {journey: path, stage: web_user, entered: 0, exited: 0, seconds_mean: null}
  `;

  it('keeps survey rows as written, other keys for the runner to make properties', () => {
    const [test] = tests(text);
    expect(test!.surveys.map((r) => r.values)).toEqual([
      { ts: '2026-01-03 10:00', respondent_id: 'u1', score: 9, about: 'paid', sentiment: 'Positive' },
    ]);
  });

  it('names cx rows by metric and milestone (omitted: the overall row), each check at its value', () => {
    const [paid, overall] = tests(text)[0]!.cx;
    expect(paid).toMatchObject({ cx: 'nps', milestone: 'paid' });
    expect(paid!.checks.map((c) => [c.field, c.expected, `${c.location.line}:${c.location.col}`])).toEqual([
      ['responses', 1, at(text, '1, nps')],
      ['nps', 100, at(text, '100')],
    ]);
    expect(overall).toMatchObject({ cx: 'csat', milestone: null });
    expect(overall!.checks.map((c) => [c.field, c.expected])).toEqual([['mean', null]]);
  });

  it('names travelers rows by journey and stage', () => {
    const [row] = tests(text)[0]!.travelers;
    expect(row).toMatchObject({ journey: 'path', stage: 'web_user' });
    expect(row!.checks.map((c) => c.field)).toEqual(['entered', 'exited', 'seconds_mean']);
  });

  it('finds unknown cx ids, milestones not linked to the metric, journeys and stages', () => {
    const text = yaml`
      tests:
        - name: t
          expect:
            cx:
              - {cx: nsp, responses: 1}
              - {cx: nps, milestone: busy, responses: 1}
              - {cx: nps, milestone: piad, responses: 1}
            travelers:
              - {journey: pth, stage: paid, entered: 1}
              - {journey: path, stage: pad, entered: 1}
    `;
    const result = parse(text);
    expect(brief(result)).toEqual([
      `${at(text, 'nsp')} unknown-cx`,
      `${at(text, 'busy')} unknown-milestone`,
      `${at(text, 'piad')} unknown-milestone`,
      `${at(text, 'pth')} unknown-journey`,
      `${at(text, 'pad,')} unknown-stage`,
    ]);
    const hints = result.diagnostics.map((d) => d.hint);
    // busy is a milestone of the project but not of nps: the hint lists the metric's own.
    expect(result.diagnostics[1]!.message).toBe('"busy" is not a milestone of cx "nps"');
    expect(hints).toEqual([
      'did you mean "nps"?',
      'its milestones are: paid, web_user; omit milestone: for the overall row',
      'did you mean "paid"?',
      'did you mean "path"?',
      'did you mean "paid"?',
    ]);
  });

  it('rejects expectations that could never pass or never fail', () => {
    const text = yaml`
      tests:
        - name: t
          expect:
            cx:
              - {cx: csat, milestone: paid, promoters: 2, top_two_box: 0.5}
              - {cx: nps, top_two_box: 0.5, nps: 10, promoters: null}
              - {cx: nps, milestone: paid}
            travelers:
              - {journey: path, stage: paid, exited: 0, actions: 1}
              - {journey: path, stage: web_user}
    `;
    const result = parse(text);
    // csat fills no NPS counts, nps no top-two-box (null is what they hold, so null is allowed);
    // the last stage has no exits; an expectation naming only its row compares nothing.
    expect(brief(result)).toEqual([
      `${at(text, 'promoters: 2')} wrong-metric`,
      `${at(text, 'top_two_box: 0.5, nps')} wrong-metric`,
      `${at(text, '{cx: nps, milestone: paid}')} compares-nothing`,
      `${at(text, 'exited: 0')} last-stage`,
      `${at(text, '{journey: path, stage: web_user}')} compares-nothing`,
    ]);
    expect(result.diagnostics[0]!.message).toBe('"csat" is a csat metric: its promoters is always null');
  });

  it('wants a respondent on each response, agreeing with the column it stands for', () => {
    const text = yaml`
      tests:
        - name: t
          surveys:
            - {ts: 2026-01-03, score: 9}
            - {ts: 2026-01-03, respondent_id: u1, contact_id: u2}
            - {ts: 2026-01-03, respondent_id: u1, contact_id: u1, account_id: acme}
            - {ts: 2026-01-03, account_id: acme, _load_id: 3}
          expect: {cx: [{cx: nps, responses: 1}]}
    `;
    // respondents are contacts by default: respondent_id u1 is contact_id u1, not u2.
    expect(brief(parse(text))).toEqual([
      `${at(text, '{ts: 2026-01-03, score')} missing-actor`,
      `${at(text, 'u2')} conflicting-respondent`,
      `${at(text, '_load_id')} reserved-key`,
    ]);
  });
});
