/**
 * Deterministic names of the temp tables a plan builds, so that the SQL is
 * stable for golden tests and readable in the DuckDB shell:
 *
 *   milestone "activated", criterion 2.1 ->
 *     _ms_activated__actors       assigned actors, start, deadline, thresholds
 *     _ms_activated__c2_1__deltas how the criterion's value changes, per instant
 *     _ms_activated__c2_1         the instants where the criterion starts/stops holding
 *     _ms_activated__c2_1__top    first changes per actor (criteria that only switch on)
 *     _ms_activated__c2_1__new    incremental runs: the flips after T0, before the merge
 *     _ms_activated__c2_1__carry  what the next incremental run reads instead of old events
 *     _ms_activated__touched      incremental runs: the actors whose states are recomputed
 *     _ms_activated__states       every criterion's state at every change
 *     _ms_activated__history      changes of holds/progress (milestone_history rows)
 *     _ms_activated__status       one row per actor (milestone_status rows)
 *     _ms_activated__history_all  incremental runs publishing by key: the touched actors'
 *     _ms_activated__status_all   rows and the stored rows of the others (views)
 */

export const SHARED = {
  accountActors: '_ms_account_actors',
  contactActors: '_ms_contact_actors',
  /** Every milestone's status rows (a view: of statusRows, and in an incremental run of the stored rows too). */
  status: '_ms_status',
  /** The status rows this run computed: every actor's, or an incremental run's touched actors'. */
  statusRows: '_ms_status_rows',
  /** An incremental run's (milestone, actor) pairs whose stored status row this run replaces or drops. */
  statusReplaced: '_ms_status_replaced',
  history: '_ms_history',
  journey: '_ms_journey',
  /** An incremental run's (milestone_id, actor_id) pairs with no stored status row (milestone.ts, results.ts). */
  newActors: '_ms_new_actors',
  /** Stored: each events file's (account, contact) pairs and their first event time (first-seen.ts). */
  loadFirstSeen: '_ms_load_first_seen',
  /** This run's summaries of the files not stored yet, and the view of all current files'. */
  newLoadActors: '_ms_new_load_actors',
  actorFirstSeen: '_ms_actor_first_seen',
} as const;

/** DuckDB variables set by the plan's first statements. */
export const VARIABLES = {
  asOf: 'ms_as_of',
  scope: 'ms_scope',
  /** Set only by a plan compiled with `knownAt` (docs/KNOWN-AT.md). */
  knownAt: 'ms_known_at',
} as const;

/** The published result tables (a contract with other analyses). */
export const RESULT_TABLES = {
  status: 'milestone_status',
  history: 'milestone_history',
  journey: 'milestone_journey',
} as const;

export const milestoneTable = {
  actors: (id: string) => `_ms_${id}__actors`,
  deltas: (id: string, column: string) => `_ms_${id}__${column}__deltas`,
  flips: (id: string, column: string) => `_ms_${id}__${column}`,
  /** An incremental run's flips from the rows after T0, before they join the stored ones. */
  newFlips: (id: string, column: string) => `_ms_${id}__${column}__new`,
  /** Each actor's first changes (a criterion that only switches on). */
  top: (id: string, column: string) => `_ms_${id}__${column}__top`,
  /** What the next incremental run needs of a criterion (stored as the state's carry). */
  carry: (id: string, column: string) => `_ms_${id}__${column}__carry`,
  /** An incremental run's actors whose states, history and status are recomputed (milestone.ts). */
  touched: (id: string) => `_ms_${id}__touched`,
  states: (id: string) => `_ms_${id}__states`,
  history: (id: string) => `_ms_${id}__history`,
  status: (id: string) => `_ms_${id}__status`,
  /** An incremental run's complete history and status, for the milestones that depend on this one (milestone.ts). */
  historyAll: (id: string) => `_ms_${id}__history_all`,
  statusAll: (id: string) => `_ms_${id}__status_all`,
};

/** `getvariable('ms_as_of')`: the evaluation time T. */
export const AS_OF = `getvariable('${VARIABLES.asOf}')`;
/** `getvariable('ms_scope')`: the one account or contact `explain` looks at. */
export const SCOPE = `getvariable('${VARIABLES.scope}')`;
/** `getvariable('ms_known_at')`: K, the instant whose knowledge `--known-at` reproduces. */
export const KNOWN_AT = `getvariable('${VARIABLES.knownAt}')`;
