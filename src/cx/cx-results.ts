/**
 * Reads of the published CX and journey tables, for `cx`, `paths` and
 * `compute`: small results only (a row per metric and milestone, per topic,
 * per stage, per path). Milestones keep the config's order; the overall row
 * (milestone_id NULL) comes first.
 */
import { str } from '../compiler/quote.js';
import { isoInstantSql } from '../compiler/time.js';
import { asText, propertyRef, type Column } from '../compiler/columns.js';
import { RESULT_TABLES } from '../compiler/cx/names.js';
import { CX_STATE } from '../compiler/cx/incremental.js';
import { STATE_SCHEMA } from '../compiler/statuses/state.js';
import type { CxMetric, Project } from '../definitions/model.js';
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

/**
 * A stored result table's columns as the readers above return them (without
 * `as_of`): the header of an empty CSV, which scripts read like any other.
 */
export async function resultHeader(w: Warehouse, table: string): Promise<string[]> {
  return (await w.columns(table)).map((c) => c.name).filter((name) => name !== 'as_of');
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
/**
 * A `topics:` or `sentiment:` naming what no survey row carries (a column
 * misspelt, `Q4_Topic`): the metric had no topics and no sentiment, without a
 * word (found by review). The canonical columns, the defaults, may be empty.
 */
async function missingColumnWarnings(w: Warehouse, cx: CxMetric, columns: Column[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const [what, name, fallback] of [
    ['topics', cx.topics, 'topics'],
    ['sentiment', cx.sentiment, 'sentiment'],
  ] as const) {
    if (name === fallback) continue;
    const value = asText(propertyRef(columns, 'r', name));
    const found = await w.all(`SELECT 1 FROM "survey_responses" AS r WHERE ${value} IS NOT NULL LIMIT 1`);
    if (found.length > 0) continue;
    out.push({
      severity: 'warning',
      code: 'unknown-property',
      message: `cx ${cx.id}: ${what}: ${name} is no survey column and no response carries it, so the metric has no ${what}`,
      hint: `check the name against the survey's columns: ${columns
        .map((c) => c.name)
        .filter((n) => !n.startsWith('_'))
        .join(', ')}`,
    });
  }
  return out;
}

/**
 * Responses dated after T count for nothing. T defaults to the latest event,
 * and a survey is answered after the event that sent it, so the newest
 * answers were left out without a word (found by review).
 */
async function laterResponseWarnings(w: Warehouse): Promise<Diagnostic[]> {
  if (!(await w.tableExists(RESULT_TABLES.metrics))) return [];
  const row = await w.one<{ n: bigint; t: string | null; latest: string | null }>(
    `WITH "t" AS (SELECT max("as_of") AS "t" FROM "${RESULT_TABLES.metrics}")
     SELECT count(*) AS n, ${isoInstantSql('any_value(t."t")')} AS t, ${isoInstantSql('max(r."ts")')} AS latest
     FROM "survey_responses" AS r, "t" WHERE r."ts" > t."t"`,
  );
  if (!row || row.n === 0n || row.t === null) return [];
  return [
    {
      severity: 'warning',
      code: 'cx-after-as-of',
      message: `cx: ${row.n} survey response(s) are dated after T (${row.t}), up to ${row.latest}, and count for nothing`,
      hint: 'T is the latest event unless --as-of says otherwise: pass --as-of to count them',
    },
  ];
}

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
  const out: Diagnostic[] = [
    ...(await sharedResponseIdWarnings(w)),
    ...(await accountlessResponseWarnings(w, project)),
    ...(await laterResponseWarnings(w)),
  ];
  const columns = await w.columns('survey_responses');
  for (const cx of project.cx) {
    out.push(...(await offScaleWarnings(w, cx)));
    out.push(...(await missingColumnWarnings(w, cx, columns)));
    // Answered ones: matched responses with a blank answer are listed too, and a `question:` no
    // row carries had left every one blank without a word (found by review).
    const counted = await w.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM "${RESULT_TABLES.responses}" WHERE "cx_id" = ? AND "answer" IS NOT NULL`,
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

/**
 * Responses of contacts that the contacts table does not list have no
 * account (the loader fills a response's account from that table), so they
 * never count for an account milestone, although the statuses place such a
 * contact under an account its events name (found by review: an NPS
 * computed from the other responses alone, in silence). Said when a metric
 * reads an account milestone.
 */
async function accountlessResponseWarnings(w: Warehouse, project: Project): Promise<Diagnostic[]> {
  const accountLevel = new Set(project.milestones.filter((m) => m.level === 'account').map((m) => m.id));
  if (!project.cx.some((cx) => cx.milestones.some((id) => accountLevel.has(id)))) return [];
  const row = await w.one<{ n: bigint; example: string | null }>(
    `SELECT count(*) AS n, min("contact_id") AS example FROM "survey_responses"
     WHERE "contact_id" IS NOT NULL AND "account_id" IS NULL`,
  );
  if (!row || row.n === 0n) return [];
  return [
    {
      severity: 'warning',
      code: 'response-without-account',
      message:
        `cx: ${row.n} survey row${row.n === 1n ? '' : 's'} of contacts the contacts table does not list ` +
        `${row.n === 1n ? 'has' : 'have'} no account (e.g. contact "${row.example}"): ` +
        'they count for contact milestones only, never for account milestones',
      hint: 'add those contacts, with their account, to the contacts source, or give the survey file an account column',
    },
  ];
}

/** Response ids shown in the shared-response-id warning. */
const SHARED_IDS_SHOWN = 3;

/**
 * Response ids whose rows name more than one respondent. An id names one
 * response across every loaded survey file (so that overlapping exports of
 * one survey count each response once), so such rows are counted as one
 * response, with one respondent's place and the first answer: two surveys
 * numbering their responses 1, 2, 3 had been merged that way in silence
 * (found by review). The CX state counts them when CX is computed (0.18 s at
 * 500K rows); only a nonzero count reads the examples.
 */
async function sharedResponseIdWarnings(w: Warehouse): Promise<Diagnostic[]> {
  const state = (await w.schemaTableExists(STATE_SCHEMA, 'cx'))
    ? await w.one<{ n: bigint }>(`SELECT "split_responses" AS n FROM ${CX_STATE}`)
    : undefined;
  if (state !== undefined && state.n === 0n) return [];
  // A survey_responses made by hand (tests, older warehouses) may have no response ids at all.
  if (!(await w.columns('survey_responses')).some((c) => c.name === 'response_id')) return [];
  const respondent = 'coalesce("contact_id", "account_id", "respondent_id")';
  const rows = await w.all<{ id: string; who: string[]; surveys: string[]; n: bigint }>(
    `SELECT "response_id" AS "id", list_sort(list(DISTINCT ${respondent}))[1:3] AS "who",
       list_sort(list(DISTINCT "survey_id"))[1:3] AS "surveys", count(*) OVER () AS "n"
     FROM "survey_responses" WHERE "response_id" IS NOT NULL
     GROUP BY "response_id" HAVING count(DISTINCT ${respondent}) > 1
     ORDER BY "response_id" LIMIT ${SHARED_IDS_SHOWN}`,
  );
  if (rows.length === 0) return [];
  const n = rows[0]!.n;
  const examples = rows
    .map((r) => `"${r.id}" (${r.who.join(', ')}; survey ${r.surveys.join(', ')})`)
    .join('; ');
  return [
    {
      severity: 'warning',
      code: 'shared-response-id',
      message:
        `cx: ${n} response id${n === 1n ? ' has' : 's have'} rows from more than one respondent: ${examples}` +
        `${n > BigInt(rows.length) ? '; …' : ''}. A response id names one response across all survey files, ` +
        'so each is counted as one response, with one respondent and its first answer',
      hint: "give each survey's responses ids that do not repeat across files (Qualtrics' R_ ids do not), e.g. prefixed with the survey",
    },
  ];
}

/** Answers shown per metric, each at its place in the survey file. */
const OFF_SCALE_SHOWN = 3;

interface OffScale {
  response_id: string | null;
  respondent: string | null;
  answer: string;
  file: string | null;
  line: bigint | null;
  row: bigint | null;
}

/**
 * Answers off a metric's scale: a count, then the first few in file order,
 * each where the loader read it (`surveys.csv:5`, as `load` names a rejected
 * line; `s.parquet row 3` counted from 1; just the response when the rows
 * were not loaded from a file). A response counted for several milestones
 * is one answer.
 */
async function offScaleWarnings(w: Warehouse, cx: CxMetric): Promise<Diagnostic[]> {
  // One read: the count of all the answers rides along with the first few (a window runs before LIMIT).
  const shown = await w.all<OffScale & { total: bigint }>(
    `SELECT *, count(*) OVER () AS "total" FROM (` +
      `SELECT DISTINCT "response_id", coalesce("contact_id", "account_id") AS "respondent", "answer", "file", "line", "row" ` +
      `FROM "${RESULT_TABLES.responses}" WHERE "cx_id" = ? AND "valid" = FALSE) AS "a" ` +
      `ORDER BY "file" NULLS LAST, "line", "row", "response_id", "respondent" LIMIT ${OFF_SCALE_SHOWN}`,
    [cx.id],
  );
  const total = shown[0]?.total ?? 0n;
  if (total === 0n) return [];
  const low = cx.metric === 'nps' ? 0 : 1;
  const more = BigInt(shown.length) < total ? ` (the first ${shown.length} follow)` : '';
  const summary: Diagnostic = {
    severity: 'warning',
    code: 'cx-off-scale',
    message: `cx ${cx.id}: ${total} answer(s) of ${cx.question} are not whole numbers ${low}-${cx.scale} and are not counted${more}`,
    hint: `check the question's recode values, or the scale: (${cx.metric} on ${low}-${cx.scale})`,
  };
  return [summary, ...shown.map((a) => offScaleAnswer(cx, a))];
}

function offScaleAnswer(cx: CxMetric, a: OffScale): Diagnostic {
  const who = [a.response_id, a.respondent].filter((x) => x !== null).join(', ');
  const message = `cx ${cx.id}: answer "${a.answer}" of ${cx.question}${who ? ` (${who})` : ''} is off the scale`;
  const warning = { severity: 'warning' as const, code: 'cx-off-scale' };
  if (a.file !== null && a.line !== null)
    return { ...warning, message, location: { file: a.file, line: Number(a.line), col: 1 } };
  if (a.file !== null && a.row !== null) return { ...warning, message: `${a.file} row ${a.row}: ${message}` };
  return { ...warning, message };
}
