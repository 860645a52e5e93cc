/**
 * `milestones compute`'s run: the statuses and the conversions are built
 * first (temp tables only; milestone steps read the staged `_ms_status`, not
 * `milestone_status`), then everything is published in ONE transaction, so
 * `milestone_status`, `milestone_history`, `milestone_journey`, the
 * `conversion_*`, `cx_*` and `journey_*` tables always hold the same T. A run that fails or is killed
 * anywhere changes nothing.
 *
 *   await computeAll(warehouse, project, { tables })
 *   -> SET VARIABLE ms_as_of = ...; CREATE OR REPLACE TEMP TABLE "_ms_..." ...   (statuses build)
 *      SET VARIABLE cv_as_of = <ms_as_of>; ... FROM "_ms_status" ...            (conversions build)
 *      BEGIN; CREATE OR REPLACE TABLE "milestone_status" ...; ... "conversion_steps" ...; COMMIT
 */
import type { WarehouseTables } from '../compiler/columns.js';
import { compileConversions } from '../compiler/conversions/plan.js';
import { compileCx, publishCxStatements } from '../compiler/cx/plan.js';
import { continuesActions } from '../compiler/cx/journey-sql.js';
import { RUN_TABLES } from '../compiler/runs/names.js';
import { statusComparable, storedHistory } from './stored-status.js';
import { cxContinues, cxPublishOptions, journeysContinue, responsesComparable } from '../cx/cx-continue.js';
import type { PlanStatement } from '../compiler/plan-types.js';
import { SHARED as STATUS_TABLES, VARIABLES } from '../compiler/statuses/names.js';
import { compilePlan } from '../compiler/statuses/plan.js';
import type { Project } from '../definitions/model.js';
import { createHash } from 'node:crypto';
import { ident, str } from '../compiler/quote.js';
import {
  buildConversions,
  readResults,
  resolveAsOf,
  statusesFingerprint,
  statusesStale,
  type ConversionResult,
} from '../conversions/run-conversions.js';
import { COMPUTE_INPUTS, runStatement, storedFirstSeen, type RunOptions } from '../warehouse/run-plan.js';
import type { Warehouse } from '../warehouse/session.js';
import { faultPoint } from '../feed/fault.js';
import { setRunContext } from '../feed/run-context.js';
import { decideIncremental, type Decision } from '../incremental/decide.js';
import { AFFECTED, AFFECTED_DIRECT } from '../compiler/statuses/scope.js';
import { conversionStateStatements } from '../compiler/conversions/continued.js';
import { STATE_RUN } from '../compiler/statuses/state.js';
import {
  continuedConversions,
  conversionFingerprints,
  keptConversions,
} from '../conversions/conversion-state.js';

export interface ComputeAllOptions extends RunOptions {
  /** T as naive UTC text (from parseAsOf); default: the latest event time. */
  asOf?: string;
  /** The input tables' columns, as in the warehouse. */
  tables: WarehouseTables;
  /** Recompute every actor even when an incremental run is possible (`compute --full`). */
  full?: boolean;
  /** When an incremental run turns into a full one (tests lower it; default FULL_FALLBACK). */
  fullFallback?: FullFallback;
  /** Told whether the run is incremental (with the actors recomputed) or full (with why). */
  onMode?: (mode: RunMode) => void;
}

/**
 * Whether an analysis continued from the last run's rows, was computed in
 * full, or is not in the config; `partly`: some journeys continued, those
 * whose period moves with T did not.
 */
export type Continued = 'continued' | 'partly' | 'full' | 'none';

/** `cx`, `journeys`: how an incremental run computed them (cx/cx-continue.ts). */
export type RunMode =
  | { mode: 'incremental'; actors: bigint; conversions: Continued; cx: Continued; journeys: Continued }
  | { mode: 'full'; reason: string };

export async function computeAll(
  warehouse: Warehouse,
  project: Project,
  options: ComputeAllOptions,
): Promise<ConversionResult[]> {
  // T once, for the decision and the plans (the latest event: searched after the last run's T first).
  const asOf = await resolveAsOf(warehouse, options.asOf, await lastRunAsOf(warehouse));
  // Incremental when it can be (docs/FEED.md); the decision reads a few small tables.
  let decision: Decision = options.full
    ? { reason: '--full' }
    : await decideIncremental(warehouse, project, options.tables, asOf);
  const stored = await storedFirstSeen(warehouse);
  const statusByChanges = await statusComparable(warehouse);
  const history = await storedHistory(warehouse);
  const compileStatuses = (d: Decision) =>
    compilePlan(project, {
      asOf,
      tables: options.tables,
      storedFirstSeen: stored,
      statusByChanges,
      storedHistory: history,
      ...(d.inputs ? { incremental: d.inputs } : {}),
    });
  let statuses = compileStatuses(decision);
  // Progress counts the conversions' statements once they are compiled.
  let total = statuses.statements.length;
  let index = 0;
  const step = async (statement: PlanStatement): Promise<void> => {
    await options.onStatement?.(statement, index++, total);
    await runStatement(warehouse, statement);
  };
  const done = new Set<string>();
  let storedActors: number | undefined;
  for (let k = 0; k < statuses.statements.length; k++) {
    const statement = statuses.statements[k]!;
    if (statement.phase !== 'build' || done.has(statement.name)) continue;
    await step(statement);
    done.add(statement.name);
    if (statement.name !== AFFECTED && statement.name !== AFFECTED_DIRECT) continue;
    // Most actors affected: the full plan costs less (no filters, no merge with stored rows).
    // The direct ids are a subset of all affected ones, so when they alone are too many the
    // answer is known before the larger set is built (10M events, 1% new: 1.0 s saved).
    storedActors ??= await countStoredActors(warehouse);
    const reason = await mostlyAffected(
      warehouse,
      options.fullFallback ?? FULL_FALLBACK,
      statement.name,
      storedActors,
    );
    if (reason === undefined) continue;
    decision = { reason };
    statuses = compileStatuses(decision);
    k = -1; // the full plan from its start; the statements it shares with this one already ran
  }
  const publish = statuses.statements.filter((s) => s.phase === 'publish');
  total = index;
  // Conversions and CX run at the same T as the statuses their milestone steps read.
  const row = await warehouse.one<{ t: string }>(
    `SELECT CAST(getvariable('${VARIABLES.asOf}') AS VARCHAR) AS t`,
  );
  // An incremental run continues the conversions whose state the last run kept (conversion-state.ts).
  const keepsState = statuses.statements.some((s) => s.name === STATE_RUN);
  const fingerprints = conversionFingerprints(project, options.tables, STATUS_TABLES.status);
  const continuedIds =
    decision.inputs && keepsState
      ? await continuedConversions(warehouse, project, options.tables, fingerprints)
      : [];
  if (project.conversions.length > 0) {
    const plan = compileConversions(project, {
      ...(row?.t !== undefined ? { asOf: row.t } : {}),
      tables: options.tables,
      statusTable: STATUS_TABLES.status,
      ...(decision.inputs
        ? { continued: { ids: continuedIds, previousAsOf: decision.inputs.previousAsOf } }
        : {}),
    });
    const offset = index;
    total += plan.statements.length;
    const conversionsPublish = await buildConversions(warehouse, project, plan, {
      onStatement: async (s, i) => {
        index = offset + i + 1;
        await options.onStatement?.(s, offset + i, total);
      },
    });
    publish.push(...conversionsPublish);
    if (keepsState) publish.push(...conversionStateStatements(keptConversions(fingerprints, continuedIds)));
  }
  // CX and the journeys' actions continue from the last run's rows when they can (cx/cx-continue.ts).
  const previousAsOf = decision.inputs?.previousAsOf;
  const rebuilt = decision.inputs
    ? (await warehouse.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${ident(AFFECTED)}`))!.n
    : undefined;
  const cxContinued = await cxContinues(warehouse, project, options.tables, previousAsOf !== undefined);
  const journeysContinued = await journeysContinue(warehouse, project, rebuilt);
  const cx = compileCx(project, {
    ...(row?.t !== undefined ? { asOf: row.t } : {}),
    ...(previousAsOf !== undefined
      ? { continued: { previousAsOf, cx: cxContinued, journeys: journeysContinued } }
      : {}),
    tables: options.tables,
    statusTable: STATUS_TABLES.status,
  });
  total += cx.statements.length;
  for (const statement of cx.statements) await step(statement);
  // Without CX metrics the staged rows are none: writing an empty table beats deleting every row.
  const comparable =
    !cxContinued && project.cx.length > 0 && (await responsesComparable(warehouse, options.tables));
  publish.push(...publishCxStatements(cxPublishOptions(project, options.tables, cxContinued, comparable)));
  publish.push({
    name: COMPUTE_INPUTS,
    phase: 'publish',
    sql: `CREATE OR REPLACE TABLE ${ident(COMPUTE_INPUTS)} AS SELECT ${str(await computeFingerprint(warehouse, project, row?.t ?? ''))} AS "fingerprint"`,
  });
  total += publish.length;
  const mode: RunMode =
    rebuilt === undefined
      ? { mode: 'full', reason: decision.reason! }
      : {
          mode: 'incremental',
          actors: rebuilt,
          conversions: continuedMode(project.conversions.length, continuedIds.length),
          cx: cxContinued ? 'continued' : project.cx.length > 0 && options.tables.surveys ? 'full' : 'none',
          journeys: journeysMode(project, journeysContinued),
        };
  options.onMode?.(mode);
  await setRunContext(warehouse, project, mode.mode === 'incremental' ? mode : { mode: 'full' });
  await warehouse.transaction(async () => {
    for (const statement of publish) await step(statement);
    faultPoint('before-publish-commit');
  });
  faultPoint('after-publish');
  return project.conversions.length === 0 ? [] : readResults(warehouse, project);
}

/** Of `all` analyses of a kind, `continued` continued: none defined, all, some or none of them. */
function continuedMode(all: number, continued: number): Continued {
  if (all === 0) return 'none';
  return continued === 0 ? 'full' : continued === all ? 'continued' : 'partly';
}

function journeysMode(project: Project, continued: boolean): Continued {
  const continuing = continued ? project.journeys.filter(continuesActions).length : 0;
  return continuedMode(project.journeys.length, continuing);
}

/**
 * Above `share` of the stored actors recomputed, an incremental run costs
 * more than a full one (measured at 10M events: 99.6% recomputed took 1.33x
 * the full compute), so it turns into a full run; below `minActors` stored
 * actors a compute takes about a second either way, and stays incremental.
 */
export interface FullFallback {
  share: number;
  minActors: number;
}
export const FULL_FALLBACK: FullFallback = { share: 0.5, minActors: 1000 };

/** The last publishing run's T, if any (naive UTC text). */
async function lastRunAsOf(warehouse: Warehouse): Promise<string | undefined> {
  if (!(await warehouse.tableExists(RUN_TABLES.runs))) return undefined;
  const row = await warehouse.one<{ t: string | null }>(
    `SELECT CAST("as_of" AS VARCHAR) AS t FROM ${ident(RUN_TABLES.runs)} ORDER BY "run_id" DESC LIMIT 1`,
  );
  return row?.t ?? undefined;
}

/** How many actors the last run published (the share of the fallback is of them). */
async function countStoredActors(warehouse: Warehouse): Promise<number> {
  const row = await warehouse.one<{ n: bigint }>(
    'SELECT count(DISTINCT "actor_id") AS n FROM "milestone_status"',
  );
  return Number(row?.n ?? 0n);
}

/** Why the incremental run should be a full one, when most actors are affected. */
async function mostlyAffected(
  warehouse: Warehouse,
  limit: FullFallback,
  table: string,
  stored: number,
): Promise<string | undefined> {
  const row = await warehouse.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${ident(table)}`);
  const affected = Number(row?.n ?? 0n);
  if (stored < limit.minActors || affected <= limit.share * stored) return undefined;
  const atLeast = table === AFFECTED ? '' : ' or more';
  return `${affected}${atLeast} of ${stored} actors changed: a full compute costs less`;
}

/** What every published result depends on: the statuses' inputs, the other analyses, the survey rows. */
async function computeFingerprint(warehouse: Warehouse, project: Project, asOf: string): Promise<string> {
  const statuses = await statusesFingerprint(warehouse, project, asOf);
  const surveys = (await warehouse.tableExists('survey_responses'))
    ? await warehouse.allJson(
        'SELECT count(*) AS n, CAST(max("ts") AS VARCHAR) AS last FROM "survey_responses"',
      )
    : null;
  const inputs = {
    statuses,
    conversions: project.conversions,
    journeys: project.journeys,
    cx: project.cx,
    surveys,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

/**
 * Makes `milestone_status` current for T when a chosen conversion reads it
 * (`milestones conversions`): when stale (statusesStale), a whole compute
 * publishes every result at T, as `compute` would, so that journeys and CX
 * are at the same T as the statuses. Returns the chosen conversions'
 * results when it computed them (in the order of `ids`, else the
 * config's), undefined when the statuses were current.
 */
export async function ensureStatuses(
  warehouse: Warehouse,
  project: Project,
  options: { asOf: string; ids?: string[]; tables: WarehouseTables } & RunOptions,
): Promise<ConversionResult[] | undefined> {
  if (!(await statusesStale(warehouse, project, options))) return undefined;
  const results = await computeAll(warehouse, project, {
    asOf: options.asOf,
    tables: options.tables,
    ...(options.onStatement ? { onStatement: options.onStatement } : {}),
  });
  const chosen = options.ids ?? project.conversions.map((c) => c.id);
  return chosen.flatMap((id) => results.filter((r) => r.id === id));
}

/**
 * Makes every published result current for T (`--as-of`, default the latest
 * event): unless the last `compute` ran on the same definitions, data and T,
 * runs it. For the commands that show stored results (`cx`, `paths`,
 * `report`). Returns whether it computed, and T (naive UTC text).
 */
export async function ensureComputed(
  warehouse: Warehouse,
  project: Project,
  options: ComputeAllOptions,
): Promise<{ computed: boolean; asOf: string }> {
  const asOf = await resolveAsOf(warehouse, options.asOf, await lastRunAsOf(warehouse));
  if (await warehouse.tableExists(COMPUTE_INPUTS)) {
    const stored = await warehouse.one<{ fingerprint: string }>(
      `SELECT "fingerprint" FROM ${ident(COMPUTE_INPUTS)}`,
    );
    if (stored?.fingerprint === (await computeFingerprint(warehouse, project, asOf)))
      return { computed: false, asOf };
  }
  await computeAll(warehouse, project, { ...options, asOf });
  return { computed: true, asOf };
}
