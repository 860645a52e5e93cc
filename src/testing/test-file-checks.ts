/**
 * Checks of a schema-valid test file against the project: every milestone,
 * conversion, step, breakdown, journey, stage and cx metric it names exists
 * (with "did you mean"), each status names one actor of the milestone's
 * level, each event and survey response names an account or a contact, a cx
 * expectation compares only what its metric fills, and nothing is a test
 * that cannot fail (no expectations, or an expectation that compares no key).
 *
 *   expect: {statuses: [{milestone: setpu, account: acme, status: achieving}]}
 *   -> error[unknown-milestone] at milestone: 'unknown milestone "setpu"', hint 'did you mean "setup"?'
 */
import { BOOKKEEPING_COLUMNS, PROPERTIES_COLUMN } from '../warehouse/table-layout.js';
import { error, type Finding } from '../definitions/findings.js';
import type { Conversion, CxMetric, Journey, Project } from '../definitions/model.js';
import { didYouMean } from '../definitions/suggest.js';
import type { Path } from '../definitions/yaml-source.js';
import {
  BOX_ONLY,
  IDENTITY_KEYS,
  NPS_ONLY,
  type RawConversionExpectation,
  type RawCxExpectation,
  type RawJourneyExpectation,
  type RawTravelerExpectation,
  type RawStatusExpectation,
  type RawTest,
  type RawTestFile,
} from './test-file-schema.js';

/** Columns the loader owns: a row may not set them (properties are plain keys of the row). */
const RESERVED = [PROPERTIES_COLUMN, ...BOOKKEEPING_COLUMNS];

function unknown(what: string, value: string, known: string[], path: Path): Finding {
  const hint =
    didYouMean(value, known) ?? (known.length ? `the ${what}s are: ${known.join(', ')}` : undefined);
  return error(`unknown-${what}`, `unknown ${what} "${value}"`, path, hint);
}

/** An expectation that gives no key besides the ones naming its row compares nothing. */
function comparesNothing(expectation: object, identity: readonly string[], path: Path): Finding[] {
  const compared = Object.entries(expectation).some(([k, v]) => !identity.includes(k) && v !== undefined);
  if (compared) return [];
  return [
    error(
      'compares-nothing',
      'this expectation compares nothing',
      path,
      'add at least one value to compare, e.g. status: achieving (see docs/TESTING.md)',
    ),
  ];
}

function checkStatus(e: RawStatusExpectation, project: Project, path: Path): Finding[] {
  const milestone = project.milestones.find((m) => m.id === e.milestone);
  if (!milestone) {
    return [
      unknown(
        'milestone',
        e.milestone,
        project.milestones.map((m) => m.id),
        [...path, 'milestone'],
      ),
    ];
  }
  const out = comparesNothing(e, IDENTITY_KEYS.statuses, path);
  const key = milestone.level === 'contact' ? 'contact' : 'account';
  const other = key === 'contact' ? 'account' : 'contact';
  if (e[other] !== undefined) {
    out.push(
      error(
        'wrong-level',
        `"${e.milestone}" is a ${milestone.level}-level milestone: name the ${key}, not the ${other}`,
        [...path, other],
        `write ${key}: ID`,
        'key',
      ),
    );
  } else if (e[key] === undefined) {
    out.push(
      error('missing-key', `missing required key "${key}"`, path, `add ${key}: ID (whose status to check)`),
    );
  }
  return out;
}

function stepNames(c: Conversion): string[] {
  return c.steps.map((s) => (s.kind === 'milestone' ? s.milestone : s.event));
}

function checkStep(e: RawConversionExpectation, c: Conversion, path: Path): Finding[] {
  const names = stepNames(c);
  if (typeof e.step === 'number') {
    if (e.step <= names.length) return [];
    const message = `"${c.id}" has ${names.length} steps; there is no step ${e.step}`;
    return [
      error(
        'unknown-step',
        message,
        [...path, 'step'],
        `steps: ${names.map((n, i) => `${i + 1} ${n}`).join(', ')}`,
      ),
    ];
  }
  if (!names.includes(e.step)) return [unknown('step', e.step, names, [...path, 'step'])];
  if (names.indexOf(e.step) !== names.lastIndexOf(e.step)) {
    return [
      error(
        'ambiguous-step',
        `"${e.step}" is more than one step of "${c.id}"`,
        [...path, 'step'],
        'write the step number instead',
      ),
    ];
  }
  return [];
}

function checkConversion(e: RawConversionExpectation, project: Project, path: Path): Finding[] {
  const c = project.conversions.find((x) => x.id === e.conversion);
  if (!c) {
    const known = project.conversions.map((x) => x.id);
    return [unknown('conversion', e.conversion, known, [...path, 'conversion'])];
  }
  const out = [...comparesNothing(e, IDENTITY_KEYS.conversions, path), ...checkStep(e, c, path)];
  if (e.breakdown !== undefined && !c.breakdown.includes(e.breakdown)) {
    out.push(unknown('breakdown', e.breakdown, c.breakdown, [...path, 'breakdown']));
  }
  if (e.breakdown !== undefined && e.value === undefined) {
    out.push(
      error(
        'missing-key',
        'missing required key "value"',
        path,
        'add value: (the breakdown value whose row to check; null: none)',
      ),
    );
  }
  if (e.breakdown === undefined && e.value !== undefined) {
    out.push(
      error(
        'missing-key',
        'value: needs breakdown:',
        [...path, 'value'],
        'add breakdown: PROPERTY, or remove value: for the overall row',
        'key',
      ),
    );
  }
  return out;
}

/** The journey an expectation names, or the finding that it names none of the config's. */
function findJourney(id: string, project: Project, path: Path): Journey | Finding {
  const journey = project.journeys.find((j) => j.id === id);
  if (journey) return journey;
  const known = project.journeys.map((j) => j.id);
  return unknown('journey', id, known, [...path, 'journey']);
}

function checkJourney(e: RawJourneyExpectation, project: Project, path: Path): Finding[] {
  const journey = findJourney(e.journey, project, path);
  if (!('stages' in journey)) return [journey];
  const out = comparesNothing(e, IDENTITY_KEYS.journeys, path);
  if (typeof e.stage === 'string' && !journey.stages.includes(e.stage)) {
    out.push(unknown('stage', e.stage, journey.stages, [...path, 'stage']));
  }
  return out;
}

/** Keys a metric of this kind never fills: expecting a value there could never pass. */
function otherMetricKeys(cx: CxMetric): readonly string[] {
  return cx.metric === 'nps' ? BOX_ONLY : NPS_ONLY;
}

function checkCx(e: RawCxExpectation, project: Project, path: Path): Finding[] {
  const cx = project.cx.find((c) => c.id === e.cx);
  if (!cx) {
    const known = project.cx.map((c) => c.id);
    const hint =
      didYouMean(e.cx, known) ??
      (known.length ? `the cx ids are: ${known.join(', ')}` : 'the config declares no cx: metrics');
    return [error('unknown-cx', `unknown cx "${e.cx}"`, [...path, 'cx'], hint)];
  }
  const out = comparesNothing(e, IDENTITY_KEYS.cx, path);
  if (typeof e.milestone === 'string' && !cx.milestones.includes(e.milestone)) {
    const hint =
      didYouMean(e.milestone, cx.milestones) ??
      `its milestones are: ${cx.milestones.join(', ')}; omit milestone: for the overall row`;
    out.push(
      error(
        'unknown-milestone',
        `"${e.milestone}" is not a milestone of cx "${cx.id}"`,
        [...path, 'milestone'],
        hint,
      ),
    );
  }
  for (const key of otherMetricKeys(cx)) {
    const value = e[key as keyof RawCxExpectation];
    if (value === undefined || value === null) continue;
    out.push(
      error(
        'wrong-metric',
        `"${cx.id}" is a ${cx.metric} metric: its ${key} is always null`,
        [...path, key],
        cx.metric === 'nps'
          ? 'compare promoters, passives, detractors or nps'
          : 'compare mean or top_two_box (promoters, passives, detractors and nps are for NPS)',
        'key',
      ),
    );
  }
  return out;
}

function checkTraveler(e: RawTravelerExpectation, project: Project, path: Path): Finding[] {
  const journey = findJourney(e.journey, project, path);
  if (!('stages' in journey)) return [journey];
  const out = comparesNothing(e, IDENTITY_KEYS.travelers, path);
  if (!journey.stages.includes(e.stage)) {
    out.push(unknown('stage', e.stage, journey.stages, [...path, 'stage']));
  } else if (e.stage === journey.stages.at(-1)) {
    for (const key of ['exited', 'exited_recent'] as const) {
      if (e[key] === undefined || e[key] === null) continue;
      const message = `"${e.stage}" is the last stage of "${journey.id}": nothing exits it, ${key} is null`;
      out.push(error('last-stage', message, [...path, key], `write ${key}: null, or remove it`, 'key'));
    }
  }
  return out;
}

/**
 * A survey response names its respondent by respondent_id (read as the
 * config's sources.surveys.respondent says), or by account_id / contact_id;
 * respondent_id and the column it stands for must not disagree.
 */
function checkSurveyRows(test: RawTest, project: Project, path: Path): Finding[] {
  const out: Finding[] = [];
  const respondent = project.sources.surveys?.respondent ?? 'contact';
  const column = respondent === 'contact' ? 'contact_id' : 'account_id';
  (test.surveys ?? []).forEach((row, i) => {
    if (row.respondent_id === undefined && row.account_id === undefined && row.contact_id === undefined) {
      const hint = `add respondent_id: (a ${respondent} id, per sources.surveys.respondent), or account_id: / contact_id:`;
      out.push(error('missing-actor', 'the response names no respondent', [...path, 'surveys', i], hint));
    } else if (
      row.respondent_id !== undefined &&
      row[column] !== undefined &&
      row.respondent_id !== row[column]
    ) {
      out.push(
        error(
          'conflicting-respondent',
          `respondent_id "${row.respondent_id}" is the ${respondent}, but ${column} says "${row[column]}"`,
          [...path, 'surveys', i, column],
          `respondents are ${respondent}s (sources.surveys.respondent): give one of the two`,
        ),
      );
    }
  });
  return out;
}

function checkRows(test: RawTest, path: Path): Finding[] {
  const out: Finding[] = [];
  for (const key of ['accounts', 'contacts', 'events', 'surveys'] as const) {
    (test[key] ?? []).forEach((row, i) => {
      for (const name of Object.keys(row).filter((k) => RESERVED.includes(k))) {
        const hint = 'write properties as plain keys of the row: {ts: ..., event: ..., plan: pro}';
        out.push(
          error(
            'reserved-key',
            `"${name}" is a column the loader fills`,
            [...path, key, i, name],
            hint,
            'key',
          ),
        );
      }
    });
  }
  (test.events ?? []).forEach((row, i) => {
    if (row.account_id === undefined && row.contact_id === undefined) {
      const hint = 'add account_id: (or contact_id: with the contact in contacts:)';
      out.push(error('missing-actor', 'the event names no account or contact', [...path, 'events', i], hint));
    }
  });
  return out;
}

function checkTest(test: RawTest, project: Project, path: Path): Finding[] {
  const out = [...checkRows(test, path), ...checkSurveyRows(test, project, path)];
  const { statuses = [], conversions = [], journeys = [], cx = [], travelers = [] } = test.expect;
  if (statuses.length + conversions.length + journeys.length + cx.length + travelers.length === 0) {
    const hint =
      'add statuses:, conversions:, journeys:, cx: or travelers: under expect: (a test that cannot fail proves nothing)';
    out.push(error('no-expectations', `test "${test.name}" expects nothing`, [...path, 'expect'], hint));
  }
  const expect = [...path, 'expect'];
  statuses.forEach((e, i) => out.push(...checkStatus(e, project, [...expect, 'statuses', i])));
  conversions.forEach((e, i) => out.push(...checkConversion(e, project, [...expect, 'conversions', i])));
  journeys.forEach((e, i) => out.push(...checkJourney(e, project, [...expect, 'journeys', i])));
  cx.forEach((e, i) => out.push(...checkCx(e, project, [...expect, 'cx', i])));
  travelers.forEach((e, i) => out.push(...checkTraveler(e, project, [...expect, 'travelers', i])));
  return out;
}

export function checkTests(raw: RawTestFile, project: Project): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  raw.tests.forEach((test, i) => {
    if (seen.has(test.name)) {
      const hint = 'give each test its own name, so a failure says which one';
      out.push(error('duplicate-name', `two tests are named "${test.name}"`, ['tests', i, 'name'], hint));
    }
    seen.add(test.name);
    out.push(...checkTest(test, project, ['tests', i]));
  });
  return out;
}
