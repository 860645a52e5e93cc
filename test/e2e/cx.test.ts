/**
 * `milestones cx` and `milestones paths` end to end: the built CLI on
 * milestones.example.yaml and fixtures/, copied to a temp folder. Expected
 * numbers are the hand-checked ones of fixtures/README.md ("Survey" and
 * "Journey travelers and paths").
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-cx-'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

type Json = Record<string, unknown>;
const round = (x: unknown, digits = 2) => (typeof x === 'number' ? Number(x.toFixed(digits)) : x);

describe('milestones cx', () => {
  it('computes first, then reports NPS, CSAT and CES per milestone as worked out in fixtures/README.md', async () => {
    const result = await cli('cx', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const { metrics, travelers } = JSON.parse(result.stdout) as { metrics: Json[]; travelers: Json[] };
    const score = (id: string, milestone: string | null) => {
      const row = metrics.find((m) => m.cx_id === id && m.milestone_id === milestone)!;
      return [row.responses, row.rejected, round(row.nps ?? row.mean), round(row.top_two_box, 4)];
    };
    // NPS over all 22: 21 valid (hooli-dinesh's 11 rejected), 9 promoters, 6 detractors: (9 - 6) / 21 = +14.29.
    expect(score('nps', null)).toEqual([21, 1, 14.29, null]);
    // By the milestone each response names: setup (3 - 4) / 10 = -10, activated (4 - 2) / 8 = +25, customer 2 / 3.
    expect(score('nps', 'setup')).toEqual([10, 0, -10, null]);
    expect(score('nps', 'activated')).toEqual([8, 1, 25, null]);
    expect(score('nps', 'customer')).toEqual([3, 0, 66.67, null]);
    // CSAT: 20 valid (globex-ivan's 6 rejected, wonka-willy blank), sum 78: mean 3.90, 14 satisfied: 70%.
    expect(score('csat', null)).toEqual([20, 1, 3.9, 0.7]);
    // CES: 21 valid, sum 102: mean 4.857, 9 easy (6-7): 42.86%.
    expect(score('ces', null)).toEqual([21, 0, 4.86, 0.4286]);
    // Travelers: see fixtures/README.md "Journey travelers and paths".
    expect(
      travelers.map((t) => [t.milestone_id, t.entered, t.exited, t.exited_recent, t.seconds_mean]),
    ).toEqual([
      ['setup', 6, 4, 1, 6_052_500],
      ['activated', 4, 3, 0, null],
      ['utilization', 4, 2, 0, null],
      ['maturity', 2, null, null, null],
    ]);
    // The two answers off the scale are counted, then named at their line of the export: three
    // header rows, then one response per line; globex-ivan's is the 8th response (line 11),
    // hooli-dinesh's the 18th (line 21).
    expect(result.stderr).toMatch(/cx nps: 1 answer\(s\) of Q1 are not whole numbers 0-10/);
    expect(result.stderr).toMatch(
      /fixtures\/survey_qualtrics\.csv:21:1 warning\[cx-off-scale\]: cx nps: answer "11" of Q1 \(R_\w+, hooli-dinesh\)/,
    );
    expect(result.stderr).toMatch(/cx csat: 1 answer\(s\) of Q2 are not whole numbers 1-5/);
    expect(result.stderr).toMatch(
      /fixtures\/survey_qualtrics\.csv:11:1 warning\[cx-off-scale\]: cx csat: answer "6" of Q2 \(R_\w+, globex-ivan\)/,
    );
  });

  it('topics with their sentiment, the most mentioned first', async () => {
    const result = await cli('cx', 'nps', '--topics', '2', '--format', 'csv', '--table', 'topics');
    expect(result.exitCode, result.stderr).toBe(0);
    const topics = result.stdout.trim().split('\n').slice(1);
    // Overall: Integrations 5 (1 positive, 4 negative) and Onboarding 5 (3 / 1 / 1), ties by name.
    expect(topics.slice(0, 2)).toEqual(['nps,,Integrations,5,1,0,4', 'nps,,Onboarding,5,3,1,1']);
  });

  it('--topics that is not a positive whole number: exit 2 before any work', async () => {
    const result = await cli('cx', '--topics', '0', '--db', 'never-created.duckdb');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--topics "0" is not a positive whole number/);
    expect(existsSync(join(dir, 'never-created.duckdb'))).toBe(false);
  });

  it('an unknown cx id: exit 2 with a suggestion', async () => {
    const result = await cli('cx', 'csta');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no cx metric "csta".*did you mean "csat"/);
  });
});

describe('milestones paths', () => {
  it('counts previous -> stage -> next in the order accounts reached the stages', async () => {
    const result = await cli('paths', 'lifecycle', '--format', 'json');
    expect(result.exitCode, result.stderr).toBe(0);
    const { paths } = JSON.parse(result.stdout) as { paths: Json[] };
    const text = paths.map(
      (p) => `${p.previous_id ?? '-'} > ${p.milestone_id} > ${p.next_id ?? '-'}: ${p.actors}`,
    );
    // acme, hooli: setup, activated, utilization, maturity; umbrella: setup, activated, utilization;
    // globex: setup, utilization, activated; initech, wonka: setup only.
    expect(text.sort()).toEqual(
      [
        '- > setup > activated: 3', // acme, umbrella, hooli
        'setup > activated > utilization: 3', // acme, umbrella, hooli
        '- > setup > -: 2', // initech, wonka
        'activated > utilization > maturity: 2', // acme, hooli
        'utilization > maturity > -: 2', // acme, hooli
        '- > setup > utilization: 1', // globex
        'activated > utilization > -: 1', // umbrella
        'setup > utilization > activated: 1', // globex
        'utilization > activated > -: 1', // globex
      ].sort(),
    );
  });

  it('an unknown journey: exit 2', async () => {
    const result = await cli('paths', 'lifecycel');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/did you mean "lifecycle"/);
  });
});

describe('empty results in CSV', () => {
  // Before every event nobody reached a stage and no response matched: each CSV is its header
  // alone (paths printed an empty line, cx nothing; found by a review).
  it('paths and cx print the header of an empty table', async () => {
    const paths = await cli('paths', 'lifecycle', '--as-of', '2020-01-01', '--format', 'csv');
    expect(paths.exitCode, paths.stderr).toBe(0);
    expect(paths.stdout).toBe('journey_id,previous_id,milestone_id,next_id,actors');
    const cx = await cli('cx', '--as-of', '2020-01-01', '--format', 'csv', '--table', 'topics');
    expect(cx.exitCode, cx.stderr).toBe(0);
    expect(cx.stdout.trim().split('\n')).toHaveLength(1);
    expect(cx.stdout).toMatch(/^cx_id,milestone_id,topic,/);
  });
});
