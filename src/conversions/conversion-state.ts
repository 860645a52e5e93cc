/**
 * Which conversions an incremental `compute` continues from the state the
 * last run kept (compiler/conversions/continued.ts), and what this run keeps
 * for the next one. A few small reads.
 *
 *   await continuedConversions(warehouse, project, tables, fingerprints)
 *   -> ['trial_to_customer', 'demo_to_customer']
 *
 * A conversion continues when the last run kept its entries and touches for
 * the same compiled SQL (its fingerprint: same definition, same columns, same
 * status table), keyed by the actor numbers the dictionary still gives. The
 * statuses run must be incremental too (run-compute.ts): the recomputed
 * actors come from its rebuilt and touched tables.
 */
import { createHash } from 'node:crypto';
import type { WarehouseTables } from '../compiler/columns.js';
import { conversionState, type KeptConversion } from '../compiler/conversions/continued.js';
import { conversionStatements } from '../compiler/conversions/plan.js';
import { ident } from '../compiler/quote.js';
import { RUN_TABLES } from '../compiler/runs/names.js';
import { STATE_SCHEMA } from '../compiler/statuses/state.js';
import type { Conversion, Project } from '../definitions/model.js';
import { NUMBER_TABLES } from '../compiler/actor-numbers.js';
import { actorKey } from '../compiler/conversions/actor-key.js';
import type { Warehouse } from '../warehouse/session.js';

/** Each conversion's fingerprint: a hash of the SQL a full compute runs for it. */
export function conversionFingerprints(
  project: Project,
  tables: WarehouseTables,
  statusTable: string,
): Map<string, string> {
  const fingerprints = new Map<string, string>();
  for (const c of project.conversions) {
    const sql = conversionStatements(c, project, tables, statusTable).map((s) => s.sql);
    fingerprints.set(c.id, createHash('sha256').update(sql.join('\n;\n')).digest('hex'));
  }
  return fingerprints;
}

/**
 * Whether a conversion's stored entries still name their actors by the
 * numbers the dictionary gives them now. The dictionary only grows, but a
 * user may drop it (the guard in actor-key.ts says to), and the next load
 * numbers every id again: the state's keys would then name other actors
 * (found by review, 2026-12-06). Settled touches are a subset of the
 * entries' actors, so checking the entries suffices; 8-48K rows at 50M.
 */
async function sameNumbers(warehouse: Warehouse, c: Conversion, tables: WarehouseTables): Promise<boolean> {
  if (!actorKey(c, tables).byNumber) return true;
  const row = await warehouse.one<{ n: bigint }>(
    `SELECT count(*) AS n FROM ${conversionState.entries(c.id)} AS k\n` +
      `LEFT JOIN ${ident(NUMBER_TABLES[c.unit])} AS d ON d."number" = k."actor_key"\n` +
      'WHERE d."id" IS DISTINCT FROM k."actor_id"',
  );
  return row?.n === 0n;
}

/** The conversions whose state the last run kept for the same fingerprint and actor numbers. */
export async function continuedConversions(
  warehouse: Warehouse,
  project: Project,
  tables: WarehouseTables,
  fingerprints: Map<string, string>,
): Promise<string[]> {
  if (fingerprints.size === 0) return [];
  if (!(await warehouse.schemaTableExists(STATE_SCHEMA, conversionState.runName))) return [];
  const kept = await warehouse.all<{ conversion_id: string; fingerprint: string }>(
    `SELECT "conversion_id", "fingerprint" FROM ${conversionState.run}\n` +
      `WHERE "run_id" = (SELECT max("run_id") FROM ${ident(RUN_TABLES.runs)})`,
  );
  const ids: string[] = [];
  for (const [id, fingerprint] of fingerprints) {
    if (!kept.some((k) => k.conversion_id === id && k.fingerprint === fingerprint)) continue;
    let stored = true;
    for (const name of conversionState.names(id))
      stored &&= await warehouse.schemaTableExists(STATE_SCHEMA, name);
    const conversion = project.conversions.find((c) => c.id === id)!;
    if (stored && (await sameNumbers(warehouse, conversion, tables))) ids.push(id);
  }
  return ids;
}

/** What this run keeps: every conversion, continued or computed in full. */
export const keptConversions = (fingerprints: Map<string, string>, continued: string[]): KeptConversion[] =>
  [...fingerprints].map(([id, fingerprint]) => ({ id, fingerprint, continued: continued.includes(id) }));
