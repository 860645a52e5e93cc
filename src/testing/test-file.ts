/**
 * A test file in, the tests (or every problem found) out: YAML with
 * positions -> zod schema -> checks against the project (do the milestones,
 * conversions, journeys, stages and cx metrics exist, is the actor of the
 * right level) -> plain
 * DefinitionTest objects whose every expectation knows its file:line:col.
 *
 *   - name: setup completes
 *     events: [{ts: 2026-01-02 10:00, account_id: acme, event: app_installed}]
 *     expect: {statuses: [{milestone: setup, account: acme, status: achieving}]}
 *   -> {name: 'setup completes', events: [{values: {...}, location}],
 *       statuses: [{milestone: 'setup', level: 'account', actor: 'acme',
 *                   checks: [{field: 'status', expected: 'achieving', location}]}]}
 */
import { readFileSync } from 'node:fs';
import { parseAsOf } from '../definitions/as-of.js';
import { error, sortDiagnostics, toDiagnostic, type Finding } from '../definitions/findings.js';
import type { Level, Project } from '../definitions/model.js';
import { withoutExtensions } from '../definitions/schema.js';
import { parseYaml, type Path, type YamlSource } from '../definitions/yaml-source.js';
import { issuesToFindings } from '../definitions/zod-issues.js';
import { EXIT_FAILURE, UserError, type Diagnostic, type SourceLocation } from '../errors.js';
import { checkTests } from './test-file-checks.js';
import { IDENTITY_KEYS, testFileSchema, type RawTest, type RawTestFile } from './test-file-schema.js';

/** One row of input data, as written (values keep their YAML types). */
export interface DataRow {
  values: Record<string, unknown>;
  location: SourceLocation;
}

/** One compared key of an expectation. */
export interface Check {
  field: string;
  expected: unknown;
  location: SourceLocation;
}

export interface StatusExpectation {
  milestone: string;
  level: Level;
  actor: string;
  checks: Check[];
  location: SourceLocation;
}

export interface ConversionExpectation {
  conversion: string;
  /** 1-based. */
  step: number;
  stepName: string;
  /** Undefined: the overall row. */
  breakdown?: { property: string; value: string | null };
  checks: Check[];
  location: SourceLocation;
}

export interface JourneyExpectation {
  journey: string;
  account: string;
  checks: Check[];
  location: SourceLocation;
}

export interface CxExpectation {
  cx: string;
  /** Null: the overall row. */
  milestone: string | null;
  checks: Check[];
  location: SourceLocation;
}

export interface TravelerExpectation {
  journey: string;
  stage: string;
  checks: Check[];
  location: SourceLocation;
}

export interface DefinitionTest {
  name: string;
  file: string;
  location: SourceLocation;
  /** T as naive UTC text (what `--as-of` gives); undefined: the latest event. */
  asOf?: string;
  accounts: DataRow[];
  contacts: DataRow[];
  events: DataRow[];
  surveys: DataRow[];
  statuses: StatusExpectation[];
  conversions: ConversionExpectation[];
  journeys: JourneyExpectation[];
  cx: CxExpectation[];
  travelers: TravelerExpectation[];
}

export interface TestFileResult {
  /** Undefined when any diagnostic is an error. */
  tests?: DefinitionTest[];
  diagnostics: Diagnostic[];
}

/** The file's text; a missing or unreadable file is a usage error (exit 2). */
export function readTestFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new UserError(
      `cannot read the test file ${path}: ${reason}`,
      EXIT_FAILURE,
      'pass test files as arguments, or create milestones.tests.yaml next to the config',
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Findings for a document that is not a mapping with `tests:` at all (zod would word it for configs). */
function shapeFindings(data: unknown): Finding[] {
  const hint = 'start with tests:, then a list of {name, events, expect} (see docs/TESTING.md)';
  if (data === null || data === undefined) return [error('empty-file', 'the test file is empty', [], hint)];
  if (!isRecord(data)) return [error('bad-type', 'the test file must be a mapping with tests:', [], hint)];
  return [];
}

/** Pure: parses and checks `text` against the project; `file` names it in locations. */
export function parseTestFile(text: string, file: string, project: Project): TestFileResult {
  const source = parseYaml(text, file);
  if (source.syntaxErrors.length > 0) return { diagnostics: source.syntaxErrors };
  const data = withoutExtensions(source.data);
  const findings = shapeFindings(data);
  const parsed = findings.length === 0 ? testFileSchema.safeParse(data) : undefined;
  if (parsed && !parsed.success)
    findings.push(...issuesToFindings(parsed.error.issues, testFileSchema, data));
  if (parsed?.success) findings.push(...checkTests(parsed.data, project));
  const diagnostics = sortDiagnostics(findings.map((f) => toDiagnostic(f, source)));
  if (!parsed?.success || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { tests: toTests(parsed.data, source, project), diagnostics };
}

function toTests(raw: RawTestFile, source: YamlSource, project: Project): DefinitionTest[] {
  return raw.tests.map((test, i) => toTest(test, ['tests', i], source, project));
}

/** The compared keys of an expectation, in the order written, each with its own location. */
function checksOf(expectation: object, identity: readonly string[], path: Path, source: YamlSource): Check[] {
  return Object.entries(expectation)
    .filter(([key, value]) => !identity.includes(key) && value !== undefined)
    .map(([field, expected]) => ({ field, expected, location: source.locate([...path, field]) }));
}

function toTest(test: RawTest, path: Path, source: YamlSource, project: Project): DefinitionTest {
  const at = (...rest: Path) => source.locate([...path, ...rest]);
  const rows = (key: 'accounts' | 'contacts' | 'events' | 'surveys') =>
    (test[key] ?? []).map((values, i) => ({ values, location: at(key, i) }));
  const levels = new Map(project.milestones.map((m) => [m.id, m.level]));
  const conversions = new Map(project.conversions.map((c) => [c.id, c]));
  return {
    name: test.name,
    file: source.file,
    location: at('name'),
    // Validated by the schema (isoDate); parseAsOf gives it --as-of's meaning.
    ...(test.as_of !== undefined ? { asOf: parseAsOf(test.as_of, project.timezone) } : {}),
    accounts: rows('accounts'),
    contacts: rows('contacts'),
    events: rows('events'),
    surveys: rows('surveys'),
    statuses: (test.expect.statuses ?? []).map((e, i) => {
      const where = [...path, 'expect', 'statuses', i];
      return {
        milestone: e.milestone,
        level: levels.get(e.milestone) ?? 'account',
        actor: (e.contact ?? e.account)!,
        checks: checksOf(e, IDENTITY_KEYS.statuses, where, source),
        location: source.locate(where),
      };
    }),
    conversions: (test.expect.conversions ?? []).map((e, i) => {
      const where = [...path, 'expect', 'conversions', i];
      const steps = conversions
        .get(e.conversion)!
        .steps.map((s) => (s.kind === 'milestone' ? s.milestone : s.event));
      const step = typeof e.step === 'number' ? e.step : steps.indexOf(e.step) + 1;
      return {
        conversion: e.conversion,
        step,
        stepName: steps[step - 1]!,
        ...(e.breakdown !== undefined
          ? { breakdown: { property: e.breakdown, value: e.value === null ? null : String(e.value) } }
          : {}),
        checks: checksOf(e, IDENTITY_KEYS.conversions, where, source),
        location: source.locate(where),
      };
    }),
    journeys: (test.expect.journeys ?? []).map((e, i) => {
      const where = [...path, 'expect', 'journeys', i];
      return {
        journey: e.journey,
        account: e.account,
        checks: checksOf(e, IDENTITY_KEYS.journeys, where, source),
        location: source.locate(where),
      };
    }),
    cx: (test.expect.cx ?? []).map((e, i) => {
      const where = [...path, 'expect', 'cx', i];
      return {
        cx: e.cx,
        milestone: e.milestone ?? null,
        checks: checksOf(e, IDENTITY_KEYS.cx, where, source),
        location: source.locate(where),
      };
    }),
    travelers: (test.expect.travelers ?? []).map((e, i) => {
      const where = [...path, 'expect', 'travelers', i];
      return {
        journey: e.journey,
        stage: e.stage,
        checks: checksOf(e, IDENTITY_KEYS.travelers, where, source),
        location: source.locate(where),
      };
    }),
  };
}
