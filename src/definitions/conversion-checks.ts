/**
 * Checks of journeys and conversions: ids, the milestones they name, steps
 * (two or more; an event step may repeat, a milestone step may not), exclusion brackets inside the steps, and
 * levels that match the conversion's unit.
 */
import { error, type Finding } from './findings.js';
import type { Level } from './model.js';
import { entries, isRecord, str, type At } from './raw.js';
import { checkWhere } from './criteria-checks.js';
import { endOf, startOf } from './instants.js';
import { checkUnique, unknownMilestone, type MilestoneEntry } from './references.js';
import { isSlug, isTimeZone, slugify } from './schema-kit.js';
import type { Path } from './yaml-source.js';

type Levels = Map<string, Level>;

function levelsOf(milestones: MilestoneEntry[]): Levels {
  return new Map(milestones.filter((m) => m.named).map((m) => [m.id, m.level]));
}

export function checkJourneys(data: unknown, milestones: MilestoneEntry[], out: Finding[]): void {
  const journeys = entries(data, 'journeys', []);
  const levels = levelsOf(milestones);
  checkUnique(journeys, 'id', (id) => `journey id "${id}"`, out);
  for (const { value, path } of journeys) {
    checkCohort(value.period, [...path, 'period'], zoneOf(data), out);
    if (!Array.isArray(value.stages)) continue;
    const seen = new Set<string>();
    const stageLevels = new Set<Level>();
    value.stages.forEach((stage, i) => {
      if (typeof stage !== 'string') return;
      const at = [...path, 'stages', i];
      const level = levels.get(stage);
      if (!level) out.push(unknownMilestone(stage, at, [...levels.keys()]));
      else if (stageLevels.add(level).size > 1) {
        out.push(
          error(
            'level-mismatch',
            `stage "${stage}" is ${level}-level, unlike the stages before it`,
            at,
            'a journey follows one kind of actor: use only account or only contact milestones',
          ),
        );
      }
      if (seen.has(stage))
        out.push(
          error('repeated-stage', `stage "${stage}" appears twice`, at, 'list each milestone once, in order'),
        );
      seen.add(stage);
    });
  }
}

/** The steps as written: `steps:` or `from:`/`to:`. */
function stepsOf(conversion: At<Record<string, unknown>>, out: Finding[]): At<unknown>[] | undefined {
  const { value, path } = conversion;
  const shorthand = 'from' in value || 'to' in value;
  if (Array.isArray(value.steps)) {
    if (shorthand) {
      const key = 'from' in value ? 'from' : 'to';
      out.push(
        error(
          'conflicting-keys',
          'write steps: or from:/to:, not both',
          [...path, key],
          'steps: [a, b] is the same as from: a, to: b',
          'key',
        ),
      );
    }
    return value.steps.map((step, i) => ({ value: step, path: [...path, 'steps', i] }));
  }
  if (!shorthand) {
    out.push(
      error(
        'missing-key',
        'missing steps',
        path,
        'add steps: [first_milestone, second_milestone] (or from: and to:)',
      ),
    );
    return undefined;
  }
  const missing = 'from' in value ? 'to' : 'from';
  if (!(missing in value)) {
    out.push(error('missing-key', `missing required key "${missing}"`, path, 'from: and to: go together'));
    return undefined;
  }
  return (['from', 'to'] as const).map((key) => ({ value: value[key], path: [...path, key] }));
}

/**
 * The milestone a step names, to catch repeats. Event steps may repeat
 * (`[signup, pageview, pageview]`: each repeat takes its own, later event);
 * a milestone completes once, so it cannot fill two steps.
 */
function milestoneKey(step: unknown): string | undefined {
  if (typeof step === 'string') return step;
  if (isRecord(step) && typeof step.milestone === 'string') return step.milestone;
  return undefined;
}

function stepMilestone(step: At<unknown>): At<string> | undefined {
  if (typeof step.value === 'string') return { value: step.value, path: step.path };
  if (isRecord(step.value) && typeof step.value.milestone === 'string') {
    return { value: step.value.milestone, path: [...step.path, 'milestone'] };
  }
  return undefined;
}

function checkSteps(steps: At<unknown>[], unit: Level, levels: Levels, listPath: Path, out: Finding[]): void {
  if (steps.length < 2) {
    out.push(
      error(
        'too-few-steps',
        `a conversion needs at least 2 steps, found ${steps.length}`,
        listPath,
        'add the step the funnel leads to',
      ),
    );
  }
  const seen = new Set<string>();
  for (const step of steps) {
    const key = milestoneKey(step.value);
    if (key !== undefined && seen.has(key)) {
      out.push(
        error(
          'repeated-step',
          `milestone step "${key}" repeats an earlier step`,
          step.path,
          'a milestone completes once, so it can fill one step; repeat event steps instead',
        ),
      );
    }
    if (key !== undefined) seen.add(key);
    if (isRecord(step.value)) checkWhere(step.value.where, [...step.path, 'where'], out);
    const ref = stepMilestone(step);
    if (!ref) continue;
    const level = levels.get(ref.value);
    if (!level) out.push(unknownMilestone(ref.value, ref.path, [...levels.keys()]));
    else if (level !== unit) {
      out.push(
        error(
          'level-mismatch',
          `step "${ref.value}" is a ${level}-level milestone but the conversion counts ${unit}s`,
          ref.path,
          `set unit: ${level}, or use a ${unit}-level milestone`,
        ),
      );
    }
  }
}

function checkExclusions(
  value: Record<string, unknown>,
  path: Path,
  stepCount: number,
  out: Finding[],
): void {
  for (const { value: exclusion, path: at } of entries(value, 'exclusions', path)) {
    checkWhere(exclusion.where, [...at, 'where'], out);
    const between = exclusion.between;
    if (!Array.isArray(between) || between.length !== 2) continue;
    const [i, j] = between as [unknown, unknown];
    if (typeof i !== 'number' || typeof j !== 'number') continue;
    const where = [...at, 'between'];
    if (i >= j) {
      out.push(
        error(
          'bad-exclusion',
          `between [${i}, ${j}]: the first step must come before the second`,
          where,
          'write [i, j] with i < j, 0-based step indexes',
        ),
      );
    } else if (stepCount >= 2 && j > stepCount - 1) {
      out.push(
        error(
          'bad-exclusion',
          `between [${i}, ${j}] is outside the steps (0 to ${stepCount - 1})`,
          where,
          `step indexes are 0-based: the last step is ${stepCount - 1}`,
        ),
      );
    }
  }
}

/**
 * Touchpoint ids follow the one id rule (a slug), written or not: a
 * touchpoint without `id:` takes its event's name as its id, so that name
 * must be a slug too; otherwise the hint gives the `id:` to add.
 */
function checkTouchpoints(value: Record<string, unknown>, path: Path, out: Finding[]): void {
  const list = Array.isArray(value.touchpoints) ? value.touchpoints : [];
  const items = list.flatMap((t, i): At<Record<string, unknown>>[] => {
    const at = [...path, 'touchpoints', i];
    if (typeof t === 'string') {
      checkDefaultId(t, at, out);
      return [{ value: { id: t }, path: at }];
    }
    if (!isRecord(t)) return [];
    checkWhere(t.where, [...at, 'where'], out);
    if (!('id' in t) && typeof t.event === 'string') checkDefaultId(t.event, [...at, 'event'], out);
    return [{ value: { id: str(t.id) ?? str(t.event) }, path: 'id' in t ? at : [...at, 'event'] }];
  });
  checkUnique(
    items.map((t) => ({ ...t, path: t.path })),
    'id',
    (id) => `touchpoint id "${id}"`,
    out,
  );
}

function checkDefaultId(event: string, path: Path, out: Finding[]): void {
  if (event === '' || isSlug(event)) return;
  out.push(
    error(
      'bad-id',
      `the touchpoint's id defaults to its event name "${event}", which is not a valid id`,
      path,
      `ids are a lower-case letter, then lower-case letters, digits or _: write {id: ${slugify(event)}, event: ${JSON.stringify(event)}}`,
    ),
  );
}

/** The config's zone for reading dates, UTC when unset or not a zone (the schema reports that). */
function zoneOf(data: unknown): string {
  const zone = isRecord(data) ? data.timezone : undefined;
  return typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC';
}

/** A period that holds no instant: `from` starts after `to` ends (a date is its whole day). */
function checkCohort(cohort: unknown, path: Path, timeZone: string, out: Finding[]): void {
  if (!isRecord(cohort) || typeof cohort.from !== 'string' || typeof cohort.to !== 'string') return;
  const start = startOf(cohort.from, timeZone);
  const end = endOf(cohort.to, timeZone);
  if (!start || !end) return;
  if (end.inclusive ? start.micros > end.micros : start.micros >= end.micros) {
    out.push(
      error(
        'bad-cohort',
        `${String(path.at(-1))} from ${cohort.from} is after to ${cohort.to}`,
        [...path, 'to'],
        'swap from and to',
      ),
    );
  }
}

export function checkConversions(data: unknown, milestones: MilestoneEntry[], out: Finding[]): void {
  const conversions = entries(data, 'conversions', []);
  const levels = levelsOf(milestones);
  checkUnique(conversions, 'id', (id) => `conversion id "${id}"`, out);
  for (const conversion of conversions) {
    const { value, path } = conversion;
    const unit: Level = value.unit === 'contact' ? 'contact' : 'account';
    const steps = stepsOf(conversion, out);
    if (steps) checkSteps(steps, unit, levels, Array.isArray(value.steps) ? [...path, 'steps'] : path, out);
    checkExclusions(value, path, steps?.length ?? 0, out);
    checkTouchpoints(value, path, out);
    checkCohort(value.cohort, [...path, 'cohort'], zoneOf(data), out);
  }
}
