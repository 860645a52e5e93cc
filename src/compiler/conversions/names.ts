/**
 * Deterministic names of what the conversions plan builds, so that the SQL is
 * stable for golden tests and readable in the DuckDB shell:
 *
 *   conversion "trial_to_customer" ->
 *     _cv_trial_to_customer__events       the one scan of events it needs
 *     _cv_trial_to_customer__attempts     one row per attempt (first-step occurrence in the cohort)
 *     _cv_trial_to_customer__entries      one row per entered actor: its best attempt
 *     _cv_trial_to_customer__steps        funnel metrics per step and breakdown value
 *     _cv_trial_to_customer__touches      touchpoint events inside settled entries' windows
 *     _cv_trial_to_customer__touchpoints  touchpoint metrics
 *     _cv_trial_to_customer__paths        the distinct paths (read into TypeScript without their decay shares)
 *     _cv_trial_to_customer__decay        the time-decay credit per touchpoint
 */

/** DuckDB variable holding T, set by the plan's first statement. */
export const AS_OF_VARIABLE = 'cv_as_of';

/** `getvariable('cv_as_of')`: the evaluation time T. */
export const AS_OF = `getvariable('${AS_OF_VARIABLE}')`;

export const conversionTable = {
  events: (id: string) => `_cv_${id}__events`,
  attempts: (id: string) => `_cv_${id}__attempts`,
  entries: (id: string) => `_cv_${id}__entries`,
  steps: (id: string) => `_cv_${id}__steps`,
  touches: (id: string) => `_cv_${id}__touches`,
  touchpoints: (id: string) => `_cv_${id}__touchpoints`,
  paths: (id: string) => `_cv_${id}__paths`,
  decay: (id: string) => `_cv_${id}__decay`,
};

/** Temp tables holding every computed conversion's rows, before publishing. */
export const SHARED = {
  steps: '_cv_steps',
  touchpoints: '_cv_touchpoints',
  paths: '_cv_paths',
  actors: '_cv_actors',
  attribution: '_cv_attribution',
} as const;

/** The published result tables. */
export const RESULT_TABLES = {
  steps: 'conversion_steps',
  touchpoints: 'conversion_touchpoints',
  attribution: 'conversion_attribution',
  paths: 'conversion_paths',
  actors: 'conversion_actors',
} as const;

/** The table milestone steps read their `completed_at` from (written by the statuses engine). */
export const MILESTONE_STATUS = 'milestone_status';
