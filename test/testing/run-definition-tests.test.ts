/**
 * The runner on tiny hand-checked data (config in helpers.ts, zone
 * America/New_York: EST is UTC-5 in January). Each expectation is worked out
 * in the comment beside it; they hold only if the rows are stored as the
 * loaders would store them: typed columns, JSON properties, naive times read
 * in the config zone, contact-only events given their contact's account.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.js';
import { compareTest } from '../../src/testing/compare.js';
import { runDefinitionTest } from '../../src/testing/run-definition-tests.js';
import { CONFIG, project, tests, yaml } from './helpers.js';

const utc = (...parts: [number, number, number, number, number?]) =>
  BigInt(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4] ?? 0)) * 1000n;

const DATA = yaml`
  accounts:
    - {account_id: acme, seats: 3, signed_up_at: 2026-01-05 20:00}
  contacts:
    - {contact_id: u1, account_id: acme}
  events:
    - {ts: 2026-01-02 10:00, account_id: acme, event: paid, amount: 60}
    - {ts: 2026-01-03 10:00, contact_id: u1, event: paid, amount: 50}
    - {ts: 2026-01-05 23:30, account_id: acme, event: login, channel: web}
    - {ts: 2026-01-06 00:30, account_id: acme, event: login, channel: mobile}
`;

function testWith(extra: string, data = DATA) {
  const indent = (text: string) => text.replaceAll(/^(?=.)/gm, '    ');
  return tests(`tests:\n  - name: t\n${indent(data)}${indent(extra)}`)[0]!;
}

const statusOf = (rows: { milestone_id: string; actor_id: string }[], milestone: string, actor: string) =>
  rows.find((r) => r.milestone_id === milestone && r.actor_id === actor);

describe('the rows are stored as the loaders would store them', () => {
  const expectPaid = 'expect: {statuses: [{milestone: paid, account: acme, status: achieving}]}\n';

  it('sums a typed column, with the contact-only event counted for its contact account', async () => {
    const run = await runDefinitionTest(project(), testWith(expectPaid));
    // 60 (acme's own) + 50 (u1's, acme through contacts) = 110 >= 100 at 01-03 10:00 EST = 15:00Z.
    expect(statusOf(run.statuses, 'paid', 'acme')).toMatchObject({
      status: 'achieving',
      completed_at: utc(2026, 1, 3, 15),
    });
    // The contact milestone: u1 paid once, at the same instant.
    expect(statusOf(run.statuses, 'user_paid', 'u1')).toMatchObject({
      status: 'achieving',
      completed_at: utc(2026, 1, 3, 15),
    });
  });

  it('filters on a property kept in the JSON column', async () => {
    const run = await runDefinitionTest(project(), testWith(expectPaid));
    // One login via web (the other is mobile): 1 < 2.
    expect(statusOf(run.statuses, 'web_user', 'acme')).toMatchObject({
      status: 'never_achieved',
      progress: 0,
    });
  });

  it('reads naive times, typed TIMESTAMP properties included, in the config zone', async () => {
    const run = await runDefinitionTest(project(), testWith(expectPaid));
    // busy starts at signed_up_at, 01-05 20:00 EST = 01-06 01:00Z. Its logins, 01-05 23:30 and
    // 01-06 00:30 EST, fall on two local days: 2 active days at 00:30 EST = 05:30Z. (Read as UTC
    // they would be 18:30 and 19:30 EST on the same day: 1 active day.)
    expect(statusOf(run.statuses, 'busy', 'acme')).toMatchObject({
      status: 'achieving',
      evaluation_start: utc(2026, 1, 6, 1),
      completed_at: utc(2026, 1, 6, 5, 30),
    });
    // T defaults to the latest event, 01-06 00:30 EST.
    expect(run.asOf).toBe(utc(2026, 1, 6, 5, 30));
  });

  it('evaluates as of the test time when given', async () => {
    const test = testWith(`as_of: 2026-01-02\n${expectPaid}`);
    const run = await runDefinitionTest(project(), test);
    // By the end of 01-02 only acme's 60 is in: 60 < 100.
    expect(statusOf(run.statuses, 'paid', 'acme')).toMatchObject({ status: 'never_achieved', progress: 0 });
    expect(compareTest(test, run, 'America/New_York').map((m) => m.message)).toEqual([
      'paid / acme: status expected achieving, got never_achieved',
    ]);
  });

  it('converts expected instants in the config zone', async () => {
    const test = testWith(
      'expect: {statuses: [{milestone: paid, account: acme, completed_at: 2026-01-03 10:00}]}\n',
    );
    const run = await runDefinitionTest(project(), test);
    expect(run.instants.get('2026-01-03 10:00')).toBe(utc(2026, 1, 3, 15));
    expect(compareTest(test, run, 'America/New_York')).toEqual([]);
  });
});

describe('conversions and journeys', () => {
  const data = yaml`
    as_of: 2026-03-01
    accounts:
      - {account_id: acme, seats: 3}
      - {account_id: globex, seats: 5}
    events:
      - {ts: 2026-01-02 09:00, account_id: acme, event: login}
      - {ts: 2026-01-02 10:00, account_id: acme, event: paid, amount: 150}
      - {ts: 2026-01-02 09:00, account_id: globex, event: login}
  `;
  const expectations = yaml`
    expect:
      conversions:
        # Both log in; acme pays an hour later (150 >= 100), globex never: 1 of 2, windows over by T.
        - {conversion: login_to_paid, step: 1, reached: 2, in_progress: 0}
        - {conversion: login_to_paid, step: 2, reached: 1, overall_rate: 0.5, seconds_mean: 3600}
        - {conversion: login_to_paid, step: 2, breakdown: seats, value: 3, reached: 1}
        - {conversion: login_to_paid, step: 2, breakdown: seats, value: 5, reached: 0}
      journeys:
        # path: [web_user, paid]. acme reached paid (stage 2) at 01-02 10:00; globex no stage.
        - {journey: path, account: acme, stage: paid, stage_index: 2, reached_at: 2026-01-02 10:00}
        - {journey: path, account: globex, stage: null, stage_index: 0}
  `;

  it('gives the hand-worked funnel and stages', async () => {
    const test = testWith(expectations, data);
    const run = await runDefinitionTest(project(), test);
    expect(compareTest(test, run, 'America/New_York')).toEqual([]);
  });

  it('fails on a breakdown value no actor has, instead of reading it as zero (found by review)', async () => {
    // seats 4: no entered account has it (3 and 5 do); `reached: 0` had passed.
    const test = testWith(
      expectations.replace(
        'breakdown: seats, value: 5, reached: 0',
        'breakdown: seats, value: 4, reached: 0',
      ),
      data,
    );
    const run = await runDefinitionTest(project(), test);
    expect(compareTest(test, run, 'America/New_York').map((m) => m.message)).toEqual([
      'login_to_paid / step 2 paid (seats = 4): expected a row for (seats = 4), got no such value (values: 3, 5)',
    ]);
  });

  it('reads times with minutes and Z, and says what assigned: false leaves unchecked (found by review)', async () => {
    // acme pays at 01-02 10:00 EST = 15:00Z: `15:00Z` had been an internal error (no seconds).
    const test = testWith(
      yaml`
        expect:
          statuses:
            - {milestone: paid, account: acme, completed_at: 2026-01-02T15:00Z}
            - {milestone: paid, account: initech, assigned: false, status: achieving}
      `,
      data,
    );
    const run = await runDefinitionTest(project(), test);
    // initech has no row: its status cannot be checked, and that is said, not passed.
    expect(compareTest(test, run, 'America/New_York').map((m) => m.message)).toEqual([
      'paid / initech: expected status of a row, got no row (assigned: false)',
    ]);
  });

  it('fails when one count is off', async () => {
    const test = testWith(expectations.replace('reached: 2, in_progress', 'reached: 3, in_progress'), data);
    const run = await runDefinitionTest(project(), test);
    expect(compareTest(test, run, 'America/New_York').map((m) => m.message)).toEqual([
      'login_to_paid / step 1 login: reached expected 3, got 2',
    ]);
  });
});

describe('bad and hostile data', () => {
  it('an account listed twice is an error at the second row, as load refuses it (found by review)', async () => {
    const test = testWith(
      'expect: {statuses: [{milestone: paid, account: acme, status: achieving}]}\n',
      'accounts: [{account_id: acme, seats: 3}, {account_id: acme, seats: 5}]\nevents: []\n',
    );
    const error = await runDefinitionTest(project(), test).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const [d] = (error as InvalidInputError).diagnostics;
    expect(d).toMatchObject({ code: 'duplicate-id', location: test.accounts[1]!.location });
    expect(d!.message).toBe(
      `account_id "acme" is also at line ${test.accounts[0]!.location.line}: \`load\` refuses such data`,
    );
  });

  it('a value its typed column cannot read is an error at the row', async () => {
    const test = testWith(
      'expect: {statuses: [{milestone: paid, account: acme, status: achieving}]}\n',
      'accounts: [{account_id: acme, seats: ten}]\nevents: []\n',
    );
    const error = await runDefinitionTest(project(), test).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const [d] = (error as InvalidInputError).diagnostics;
    expect(d).toMatchObject({ code: 'bad-row', location: test.accounts[0]!.location });
    expect(d!.message).toMatch(/accounts row cannot be stored/);
  });

  it('ids and property names are bound or quoted, never spliced', async () => {
    const hostile = `"';DROP TABLE events;--`;
    const test = testWith(
      `expect: {statuses: [{milestone: paid, account: ${JSON.stringify(hostile)}, status: never_achieved}]}\n`,
      yaml`
        events:
          - {ts: 2026-01-02 10:00, account_id: ${JSON.stringify(hostile)}, event: paid, amount: 1, "it's": "'x"}
      `,
    );
    const run = await runDefinitionTest(project(), test);
    // 1 < 100: the account exists with its exact id, and the events table survived.
    expect(statusOf(run.statuses, 'paid', hostile)).toMatchObject({ status: 'never_achieved' });
    expect(compareTest(test, run, 'America/New_York')).toEqual([]);
  });
});

describe('survey responses, cx and travelers', () => {
  // DATA: acme completes paid at 01-03 10:00 (60 + u1's 50). The helper config's nps reads the
  // typed column score (0-10) for paid and web_user, named_by the JSON property about, window 7d;
  // csat reads the JSON property sat for paid (window 30d, the default).
  const surveys = yaml`
    as_of: 2026-01-31
    surveys:
      - {ts: 2026-01-04 10:00, respondent_id: u1, score: 9, sat: 4, sentiment: Positive}
      - {ts: 2026-01-12 10:00, respondent_id: u1, score: 3}
      - {ts: 2026-01-05 10:00, respondent_id: u9, score: 10}
      - {ts: 2026-01-05 11:00, account_id: acme, score: 7, about: web_user}
  `;
  const expectations = yaml`
    expect:
      cx:
        # u1 is a contact of acme (contacts:), 1 day after acme reached paid (<= 7d): paid by
        # window, a promoter. u1 again on 01-12: 9 days after, outside 7d, names nothing: nowhere.
        # u9 is in no contacts row: no account, so no milestone. acme's own response names
        # web_user (which acme never reached): counted by name, a passive.
        - {cx: nps, milestone: paid, responses: 1, promoters: 1, nps: 100, positive: 1}
        - {cx: nps, milestone: web_user, responses: 1, passives: 1, nps: 0, positive: 0}
        # Overall: 9 and 7: mean 8, 1 promoter of 2, 0 detractors: NPS 50.
        - {cx: nps, responses: 2, rejected: 0, mean: 8, nps: 50}
        # csat's answer is a JSON property: only the 01-04 response gives one (4: satisfied).
        - {cx: csat, milestone: paid, responses: 1, mean: 4, top_two_box: 1}
  `;

  it('maps respondent_id to the contact, fills its account from contacts, reads typed and JSON answers', async () => {
    const test = testWith(expectations, DATA + surveys);
    const run = await runDefinitionTest(project(), test);
    expect(compareTest(test, run, 'America/New_York')).toEqual([]);
  });

  it('fails when a count is off', async () => {
    const test = testWith(expectations.replace('responses: 2,', 'responses: 3,'), DATA + surveys);
    const run = await runDefinitionTest(project(), test);
    expect(compareTest(test, run, 'America/New_York').map((m) => m.message)).toEqual([
      'nps / overall: responses expected 3, got 2',
    ]);
  });

  it('reads respondent_id as the account when sources.surveys.respondent is account', async () => {
    const config = CONFIG.replace(
      'surveys: {path: surveys.csv,',
      'surveys: {path: surveys.csv, respondent: account,',
    );
    const p = project(config);
    const test = tests(
      yaml`
        tests:
          - name: t
            as_of: 2026-01-31
            events: [{ts: 2026-01-03 10:00, account_id: acme, event: paid, amount: 100}]
            surveys:
              - {ts: 2026-01-04 10:00, respondent_id: acme, score: 10}
              - {ts: 2026-01-04 10:00, respondent_id: u1, score: 0}
            expect:
              # acme (an account now) reached paid 01-03 10:00: its 10 counts by window. u1 is
              # not an account that reached anything.
              cx: [{cx: nps, milestone: paid, responses: 1, promoters: 1, detractors: 0}]
      `,
      p,
    )[0]!;
    const run = await runDefinitionTest(p, test);
    expect(compareTest(test, run, 'America/New_York')).toEqual([]);
  });

  it('groups the rows of a long file by response_id', async () => {
    const test = testWith(
      yaml`
        as_of: 2026-01-31
        surveys:
          - {ts: 2026-01-04 10:00, respondent_id: u1, response_id: R1, question_id: score, value: 6}
          - {ts: 2026-01-04 10:00, respondent_id: u1, response_id: R1, question_id: Q9, value: 1, sentiment: Negative}
        expect:
          # One response (R1), not two: its score row is 6, a detractor; its other row's
          # sentiment is the response's.
          cx: [{cx: nps, milestone: paid, responses: 1, detractors: 1, nps: -100, negative: 1}]
      `,
    );
    const run = await runDefinitionTest(project(), test);
    expect(compareTest(test, run, 'America/New_York')).toEqual([]);
  });

  it('a survey value its typed column cannot read is an error at the row', async () => {
    const test = testWith(
      'surveys: [{ts: 2026-01-04, respondent_id: u1, score: high}]\nexpect: {cx: [{cx: nps, responses: 0}]}\n',
    );
    const error = await runDefinitionTest(project(), test).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).diagnostics[0]).toMatchObject({
      code: 'bad-row',
      location: test.surveys[0]!.location,
    });
  });

  it('gives the journey travelers', async () => {
    const test = testWith(yaml`
      expect:
        travelers:
          # path: [web_user, paid]. Nobody is a web user (1 web login of 2). acme entered paid at
          # 01-03 10:00; paid is the last stage: no exits. Its actions from then to T (01-06 00:30):
          # u1's paid at 01-03 10:00 (entering included) and the two logins: 3.
          - {journey: path, stage: web_user, entered: 0, exited: 0, actions: 0}
          - {journey: path, stage: paid, entered: 1, exited: null, seconds_mean: null, actions: 3}
    `);
    const run = await runDefinitionTest(project(), test);
    expect(compareTest(test, run, 'America/New_York')).toEqual([]);
  });
});
