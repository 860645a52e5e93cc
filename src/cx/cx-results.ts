/**
 * Reads of the published CX and journey tables, for `cx`, `paths` and
 * `compute`: small results only (a row per metric and milestone, per topic,
 * per stage, per path). Milestones keep the config's order; the overall row
 * (milestone_id NULL) comes first.
 */
import { str } from '../compiler/quote.js';
import { RESULT_TABLES } from '../compiler/cx/names.js';
import type { Project } from '../definitions/model.js';
import type { Diagnostic } from '../errors.js';
import type { Warehouse } from '../warehouse/session.js';

export type ResultRow = Record<string, unknown>;

/**
 * `CASE "cx_id" WHEN 'nps' THEN 1 ... ELSE 0 END`: the config's order (a NULL
 * milestone, the overall row, first). The id itself follows as a tie-break, and
 * keeps ORDER BY from reading a bare number as a column position.
 */
function configOrder(column: string, ids: string[]): string {
  const cases = ids.map((id, i) => `WHEN ${str(id)} THEN ${i + 1}`).join(' ');
  return cases === '' ? column : `CASE ${column} ${cases} ELSE 0 END, ${column}`;
}

const milestoneOrder = (project: Project) =>
  configOrder(
    '"milestone_id"',
    project.milestones.map((m) => m.id),
  );
const cxOrder = (project: Project) =>
  configOrder(
    '"cx_id"',
    project.cx.map((c) => c.id),
  );
const journeyOrder = (project: Project) =>
  configOrder(
    '"journey_id"',
    project.journeys.map((j) => j.id),
  );

const only = (column: string, ids: string[] | undefined) =>
  ids === undefined ? 'TRUE' : `${column} IN (${ids.map(str).join(', ')})`;

export async function readCxMetrics(w: Warehouse, project: Project, ids?: string[]): Promise<ResultRow[]> {
  return w.all<ResultRow>(
    `SELECT * EXCLUDE ("as_of") FROM "${RESULT_TABLES.metrics}" WHERE ${only('"cx_id"', ids)} ` +
      `ORDER BY ${cxOrder(project)}, ${milestoneOrder(project)}`,
  );
}

/** Topics, the most mentioned first, at most `limit` per metric and milestone. */
export async function readCxTopics(
  w: Warehouse,
  project: Project,
  ids: string[] | undefined,
  limit: number,
): Promise<ResultRow[]> {
  return w.all<ResultRow>(
    `SELECT * EXCLUDE ("as_of", "rank") FROM (SELECT *, row_number() OVER (PARTITION BY "cx_id", "milestone_id" ` +
      `ORDER BY "responses" DESC, "topic") AS "rank" FROM "${RESULT_TABLES.topics}" WHERE ${only('"cx_id"', ids)}) ` +
      `WHERE "rank" <= ${Math.max(1, Math.floor(limit))} ORDER BY ${cxOrder(project)}, ${milestoneOrder(project)}, "rank"`,
  );
}

export async function readTravelers(w: Warehouse, project: Project): Promise<ResultRow[]> {
  return w.all<ResultRow>(
    `SELECT * EXCLUDE ("as_of") FROM "${RESULT_TABLES.travelers}" ORDER BY ${journeyOrder(project)}, "stage_index"`,
  );
}

export async function readPaths(w: Warehouse, project: Project, journeys?: string[]): Promise<ResultRow[]> {
  return w.all<ResultRow>(
    `SELECT * EXCLUDE ("as_of") FROM "${RESULT_TABLES.paths}" WHERE ${only('"journey_id"', journeys)} ` +
      `ORDER BY ${journeyOrder(project)}, "actors" DESC, "previous_id" NULLS FIRST, "milestone_id", "next_id" NULLS LAST`,
  );
}

/**
 * Warnings about the CX inputs: metrics declared without survey responses
 * loaded, answers off the scale (counted, with the first few named), and
 * metrics no response counted for.
 */
export async function cxWarnings(w: Warehouse, project: Project): Promise<Diagnostic[]> {
  if (project.cx.length === 0) return [];
  const warning = (code: string, message: string, hint?: string): Diagnostic => ({
    severity: 'warning',
    code,
    message,
    ...(hint !== undefined ? { hint } : {}),
  });
  if (!(await w.tableExists('survey_responses'))) {
    return [
      warning(
        'no-surveys',
        `cx: ${project.cx.length} metric(s) declared but no survey responses are loaded`,
        'declare sources.surveys in the config and run `milestones load`',
      ),
    ];
  }
  const out: Diagnostic[] = [];
  for (const cx of project.cx) {
    const rejected = await w.all<{ response_id: string; respondent: string | null; answer: string }>(
      `SELECT DISTINCT "response_id", coalesce("contact_id", "account_id") AS "respondent", "answer" ` +
        `FROM "${RESULT_TABLES.responses}" WHERE "cx_id" = ? AND "valid" = FALSE ORDER BY "response_id"`,
      [cx.id],
    );
    if (rejected.length > 0) {
      const low = cx.metric === 'nps' ? 0 : 1;
      const examples = rejected
        .slice(0, 3)
        .map((r) => `${r.response_id}${r.respondent ? ` (${r.respondent})` : ''}: "${r.answer}"`)
        .join(', ');
      out.push(
        warning(
          'cx-off-scale',
          `cx ${cx.id}: ${rejected.length} answer(s) of ${cx.question} are not whole numbers ${low}-${cx.scale} and are not counted: ${examples}`,
          `check the question's recode values, or the scale: (${cx.metric} on ${low}-${cx.scale})`,
        ),
      );
    }
    const counted = await w.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM "${RESULT_TABLES.responses}" WHERE "cx_id" = ?`,
      [cx.id],
    );
    if ((counted?.n ?? 0n) === 0n) {
      out.push(
        warning(
          'cx-no-responses',
          `cx ${cx.id}: no survey response counts for ${cx.milestones.join(', ')}`,
          cx.namedBy === undefined
            ? `responses count when given within ${cx.window.text} after the respondent reached the milestone; check question: ${cx.question} and the survey's respondents`
            : `check question: ${cx.question}, named_by: ${cx.namedBy} and the window (${cx.window.text})`,
        ),
      );
    }
  }
  return out;
}
