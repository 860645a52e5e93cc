/**
 * Progress through a compiled plan, as people read it: a fixed total known
 * before the first statement, human step names instead of temp table names,
 * and (with --verbose) each statement's time on stderr.
 *
 *   _cv_trial_to_customer__touches -> "conversion trial_to_customer: touches"
 *   _ms_activated__c3_1__deltas    -> "milestone activated: criterion 3.1 (changes)"
 */
import type { WarehouseTables } from '../compiler/columns.js';
import { compileConversions, publishStatements as conversionPublish } from '../compiler/conversions/plan.js';
import { conversionStateStatements } from '../compiler/conversions/continued.js';
import { compileCx, publishCxStatements } from '../compiler/cx/plan.js';
import { tracksLoads } from '../compiler/statuses/incremental.js';
import type { PlanStatement } from '../compiler/plan-types.js';
import { SHARED } from '../compiler/statuses/names.js';
import { compilePlan } from '../compiler/statuses/plan.js';
import type { Project } from '../definitions/model.js';
import type { Progress } from './progress.js';
import { verbosity } from './verbosity.js';

const KINDS: [prefix: string, kind: string, ids: (p: Project) => string[]][] = [
  ['_ms_', 'milestone', (p) => p.milestones.map((m) => m.id)],
  ['_cv_', 'conversion', (p) => p.conversions.map((c) => c.id)],
  ['_cx_', 'cx', (p) => p.cx.map((c) => c.id)],
  ['_jr_', 'journey', (p) => p.journeys.map((j) => j.id)],
];

const SHARED_KINDS: Record<string, string> = {
  _ms_: 'milestones',
  _cv_: 'conversions',
  _cx_: 'cx',
  _jr_: 'journeys',
};

/** "c3_1__deltas" -> "criterion 3.1 (changes)"; other parts read as words. */
function partLabel(part: string): string {
  const criterion = /^c(\d+(?:_\d+)*)(__deltas)?$/.exec(part);
  if (criterion) return `criterion ${criterion[1]?.replaceAll('_', '.')}${criterion[2] ? ' (changes)' : ''}`;
  return part.replaceAll('__', ' ').replaceAll('_', ' ');
}

/** A statement's name as a person reads it; result tables keep their public names. */
export function stepLabel(name: string, project: Project): string {
  for (const [prefix, kind, ids] of KINDS) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    // The longest id that fits, so that ids sharing a prefix do not mix.
    const id = ids(project)
      .filter((i) => rest.startsWith(`${i}__`))
      .sort((a, b) => b.length - a.length)[0];
    if (id !== undefined) return `${kind} ${id}: ${partLabel(rest.slice(id.length + 2))}`;
    return `${SHARED_KINDS[prefix] ?? kind}: ${partLabel(rest)}`;
  }
  if (name.startsWith('_')) return partLabel(name.slice(1));
  return name.includes('as_of') ? 'as of' : `publishing ${name}`;
}

/**
 * How many statements `compute` runs (compute/run-compute.ts): the statuses,
 * the conversions' build and publish (plus their inputs record when a step is a
 * milestone, and the state the next run continues them from), the CX build
 * and publish, and the compute inputs record; for a
 * full run (an incremental one runs other statements: there the total is an estimate).
 */
export function computeStepCount(project: Project, tables: WarehouseTables): number {
  const statuses = compilePlan(project, { tables }).statements.length;
  const conversions =
    project.conversions.length === 0
      ? 0
      : compileConversions(project, { tables, statusTable: SHARED.status }).statements.length +
        conversionPublish().length +
        (project.conversions.some((c) => c.steps.some((s) => s.kind === 'milestone')) ? 1 : 0) +
        // A run over loaded files keeps what the next run continues the conversions from.
        (tracksLoads(tables)
          ? conversionStateStatements(
              project.conversions.map((c) => ({ id: c.id, fingerprint: '', continued: false })),
            ).length
          : 0);
  const cx =
    compileCx(project, { tables, statusTable: SHARED.status }).statements.length +
    // A run over loaded files also keeps what CX and the journeys continue from.
    publishCxStatements(tracksLoads(tables) ? { state: {} } : {}).length;
  return statuses + conversions + cx + 1;
}

export interface StepReporter {
  onStatement: (statement: PlanStatement, index: number, total: number) => void;
  /** Ends the last statement's timing (--verbose). */
  finish: () => void;
}

/**
 * The onStatement callback for a plan run: "computing conversion x: touches
 * (45/147)". `total` fixes the count before the start; without it, the
 * plan's own count is used (never less than the steps done).
 */
export function stepReporter(progress: Progress, project: Project, total?: number): StepReporter {
  let done = 0;
  let last: { label: string; name: string; at: number } | undefined;
  const verbose = verbosity() === 'verbose';
  const finish = () => {
    if (verbose && last) {
      process.stderr.write(`${String(Date.now() - last.at).padStart(6)} ms  ${last.label} [${last.name}]\n`);
    }
    last = undefined;
  };
  return {
    onStatement: (statement, _index, planTotal) => {
      finish();
      done += 1;
      const of = Math.max(total ?? planTotal, done);
      const label = stepLabel(statement.name, project);
      progress.update(`computing ${label} (${done}/${of})`);
      last = { label, name: statement.name, at: Date.now() };
    },
    finish,
  };
}
