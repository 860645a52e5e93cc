/**
 * Runs and the feed (docs/FEED.md): the tables every publishing `compute`
 * appends to, and the variables the runner sets before publishing.
 *
 *   milestone_runs         one row per publishing run (id, start, finish, T, inputs)
 *   milestone_history      + "published_run": the run that first published the row
 *   milestone_retractions  history rows later data withdrew: which run published, which retracted
 *   milestone_feed         append-only, sequence-numbered log of published and retracted rows
 *   _warehouse_identity    a random id made once per warehouse, so a cursor names its warehouse
 */

export const RUN_TABLES = {
  runs: 'milestone_runs',
  retractions: 'milestone_retractions',
  feed: 'milestone_feed',
  identity: '_warehouse_identity',
} as const;

/** The staged tables the publish step builds inside its transaction. */
export const RUN_STAGED = {
  published: '_ms_history_published',
  retracted: '_ms_history_retracted',
  /** This run's changes as feed rows, numbered from 1. */
  feedChanges: '_ms_feed_changes',
} as const;

/** DuckDB variables: the run's id (set in the transaction) and what the runner tells about the run. */
export const RUN_VARIABLES = {
  id: 'ms_run_id',
  started: 'ms_run_started',
  /** A fingerprint of the definitions the statuses depend on (milestones, zones). */
  definitions: 'ms_run_definitions',
  /** JSON: the loaded files (table, path, sha256, load id) the run read. */
  files: 'ms_run_files',
  /** 'full' or 'incremental'. */
  mode: 'ms_run_mode',
  /** Incremental runs: how many actors were recomputed. */
  actors: 'ms_run_actors',
} as const;

export const runVariable = (name: keyof typeof RUN_VARIABLES) => `getvariable('${RUN_VARIABLES[name]}')`;

/** What a feed row says happened: a history row was published, or a published one withdrawn. */
export const CHANGES = { published: 'published', retracted: 'retracted' } as const;
