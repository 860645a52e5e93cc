/**
 * Small configs and test files written inline for the `milestones test`
 * tests: a project parsed from YAML, and a test file parsed against it.
 */
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import type { Project } from '../../src/definitions/model.js';
import { parseTestFile, type DefinitionTest, type TestFileResult } from '../../src/testing/test-file.js';
import { yaml } from '../definitions/helpers.js';

export { yaml };

/** A config whose sources name no real file: `milestones test` never reads them. */
export const CONFIG = yaml`
  timezone: America/New_York
  sources:
    events: {path: events.csv, properties: {amount: DOUBLE}}
    accounts: {path: accounts.csv, properties: {seats: INTEGER, signed_up_at: TIMESTAMP}}
    contacts: {path: contacts.csv}
    surveys: {path: surveys.csv, properties: {score: INTEGER}}
  milestones:
    - id: paid
      criteria: [{id: revenue, event: paid, count: {sum: amount}, at_least: 100}]
    - id: web_user
      criteria: [{event: login, where: {channel: web}, at_least: 2}]
    - id: busy
      criteria: [{event: login, count: active_days, at_least: 2}]
      evaluation: {start: assigned}
      assign: {at: signed_up_at}
    - id: user_paid
      level: contact
      criteria: [{event: paid}]
  journeys:
    - {id: path, stages: [web_user, paid]}
  conversions:
    - {id: login_to_paid, steps: [{event: login}, paid], window: 30d, breakdown: [seats]}
  cx:
    - {id: nps, metric: nps, question: score, milestones: [paid, web_user], named_by: about, window: 7d}
    - {id: csat, metric: csat, question: sat, milestones: [paid]}
`;

export function project(text: string = CONFIG): Project {
  const result = parseDefinitions(text, '/tmp/milestones.yaml');
  if (!result.project) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.project;
}

export function parse(text: string, p: Project = project()): TestFileResult {
  return parseTestFile(text, 't.yaml', p);
}

/** The tests of a valid file; fails with the diagnostics otherwise. */
export function tests(text: string, p: Project = project()): DefinitionTest[] {
  const result = parse(text, p);
  if (!result.tests) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.tests;
}

/** "line:col code" for each diagnostic, in order. */
export function brief(result: TestFileResult): string[] {
  return result.diagnostics.map((d) => `${d.location?.line}:${d.location?.col} ${d.code}`);
}

/** "line:col" (1-based) of the first occurrence of `needle` in `text` at or after line `from`. */
export function at(text: string, needle: string, from = 1): string {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) {
    const col = lines[i]!.indexOf(needle);
    if (col >= 0) return `${i + 1}:${col + 1}`;
  }
  throw new Error(`"${needle}" is not in the text`);
}
