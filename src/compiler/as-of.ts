/**
 * The statement every plan starts with: T in a DuckDB variable its SQL reads
 * (`getvariable(...)`). Commands pass T resolved (conversions/run-conversions.ts
 * resolveAsOf: the latest event, else the latest load); without one, as
 * `compile` prints a plan, T is the latest event, else the clock.
 *
 *   asOfStatement('as_of', 'ms_as_of', '2026-03-20 17:00:00')
 *   -> SET VARIABLE ms_as_of = CAST('2026-03-20 17:00:00' AS TIMESTAMP)
 */
import type { PlanStatement } from './plan-types.js';
import { str } from './quote.js';

const LATEST_EVENT =
  '(SELECT CAST(coalesce(max("ts"), CAST(current_timestamp AS TIMESTAMP)) AS TIMESTAMP) FROM "events")';

export function asOfStatement(name: string, variable: string, asOf: string | undefined): PlanStatement {
  const value = asOf !== undefined ? `CAST(${str(asOf)} AS TIMESTAMP)` : LATEST_EVENT;
  return { name, phase: 'build', sql: `SET VARIABLE ${variable} = ${value}` };
}
