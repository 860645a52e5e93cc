/**
 * Which conversions an incremental `compute` continues from the state the
 * last run kept (compiler/conversions/continued.ts), and what this run keeps
 * for the next one. A few small reads.
 *
 *   await continuedConversions(warehouse, project, fingerprints)
 *   -> ['trial_to_customer', 'demo_to_customer']
 *
 * A conversion continues when the last run kept its entries and touches for
 * the same compiled SQL (its fingerprint: same definition, same columns, same
 * status table). The statuses run must be incremental too (run-compute.ts):
 * the recomputed actors come from its rebuilt and touched tables.
 */
import { createHash } from 'node:crypto';
import type { WarehouseTables } from '../compiler/columns.js';
import { conversionState, type KeptConversion } from '../compiler/conversions/continued.js';
import { conversionStatements } from '../compiler/conversions/plan.js';
import { ident } from '../compiler/quote.js';
import { RUN_TABLES } from '../compiler/runs/names.js';
import { STATE_SCHEMA } from '../compiler/statuses/state.js';
import type { Project } from '../definitions/model.js';
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

/** The conversions whose state the last run kept for the same fingerprint. */
export async function continuedConversions(
  warehouse: Warehouse,
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
    if (stored) ids.push(id);
  }
  return ids;
}

/** What this run keeps: every conversion, continued or computed in full. */
export const keptConversions = (fingerprints: Map<string, string>, continued: string[]): KeptConversion[] =>
  [...fingerprints].map(([id, fingerprint]) => ({ id, fingerprint, continued: continued.includes(id) }));
