/**
 * Deterministic names of what the CX and journey plan builds:
 *
 *   cx "nps"           -> _cx_nps__matched (a view), _cx_nps__metrics, _cx_nps__topics
 *   its group (nps first) -> _cx_nps__group_responses, _cx_nps__group_matched
 *   an incremental run     -> _cx_nps__redo (its group's), _cx_nps__rows
 *   journey "lifecycle" -> _jr_lifecycle__stays, _jr_lifecycle__travelers, _jr_lifecycle__paths
 *   every entry's rows  -> _cx_metrics, _cx_topics, _cx_responses, _jr_travelers, _jr_paths (staged)
 *   published           -> cx_metrics, cx_topics, cx_responses, journey_travelers, journey_paths
 */

/** DuckDB variable holding T, set by the plan's first statement. */
export const AS_OF_VARIABLE = 'cx_as_of';
export const AS_OF = `getvariable('${AS_OF_VARIABLE}')`;
/** The last run's T (T0), in an incremental run. */
export const PREVIOUS_AS_OF_VARIABLE = 'cx_previous_as_of';
export const PREVIOUS_AS_OF = `getvariable('${PREVIOUS_AS_OF_VARIABLE}')`;

export const cxTable = {
  /** A group's tables are named after its first metric (cx-sql.ts). */
  groupResponses: (id: string) => `_cx_${id}__group_responses`,
  groupMatched: (id: string) => `_cx_${id}__group_matched`,
  matched: (id: string) => `_cx_${id}__matched`,
  /** The respondents an incremental run rebuilds, per group (compiler/cx/incremental.ts). */
  redo: (id: string) => `_cx_${id}__redo`,
  /** A metric's changed rows in an incremental run: the rebuilt respondents' old rows (-1) and new ones (+1). */
  rows: (id: string) => `_cx_${id}__rows`,
  metrics: (id: string) => `_cx_${id}__metrics`,
  topics: (id: string) => `_cx_${id}__topics`,
};

export const journeyTable = {
  stays: (id: string) => `_jr_${id}__stays`,
  travelers: (id: string) => `_jr_${id}__travelers`,
  paths: (id: string) => `_jr_${id}__paths`,
};

/** Staged tables holding every entry's rows, before publishing. */
export const STAGED = {
  metrics: '_cx_metrics',
  topics: '_cx_topics',
  responses: '_cx_responses',
  travelers: '_jr_travelers',
  paths: '_jr_paths',
} as const;

/** The published result tables. */
export const RESULT_TABLES = {
  metrics: 'cx_metrics',
  topics: 'cx_topics',
  responses: 'cx_responses',
  travelers: 'journey_travelers',
  paths: 'journey_paths',
} as const;
