/**
 * A compiled plan: named SQL statements, run in order. `build` statements
 * only create temp tables and views (`_ms_*`); `publish` statements replace
 * the result tables and run inside one transaction.
 */

export interface PlanStatement {
  /** Deterministic, unique: the temp table or view it creates, or the step. */
  name: string;
  sql: string;
  phase: 'build' | 'publish';
  /** The milestone this statement belongs to, for `compile --milestone`. */
  milestone?: string;
  /** Bound parameters, in `$1` order (only `explain`'s scope). */
  params?: string[];
}

export interface Plan {
  statements: PlanStatement[];
}
