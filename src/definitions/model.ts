/**
 * The validated model: plain, serialisable data that the compiler consumes.
 *
 * The YAML is parsed and checked by `schema.ts` / `load-definitions.ts`, then
 * normalised into these types: durations become seconds, shorthands are
 * expanded, defaults are filled and every criterion gets a stable id. Nothing
 * here knows about YAML positions or DuckDB. Names reuse the YAML's words.
 *
 * See docs/LANGUAGE.md for the YAML that produces each type.
 */

/** A column type the loaders pass explicitly to DuckDB's readers. */
export type ColumnType =
  'VARCHAR' | 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'JSON';

export type Scalar = string | number | boolean | null;

/** A length of time, always absolute (no months). */
export interface Duration {
  seconds: number;
  /** The text the user wrote, e.g. "30d", for messages and SQL comments. */
  text: string;
}

// ---------------------------------------------------------------- sources

export type SourceFormat = 'csv' | 'parquet' | 'qualtrics';

export interface SourceBase {
  /** Files, globs or a list, resolved relative to the config's folder. */
  paths: string[];
  /** Inferred from the extension when not given (.csv, .csv.gz, .csv.zst, .parquet). */
  format: SourceFormat;
  /** canonical column name -> column name in the file. */
  columns: Record<string, string>;
  /** Property columns kept as typed columns: name in the file -> type. */
  properties: Record<string, ColumnType>;
  /** CSV options. */
  delimiter?: string;
  /** CSV quote and escape characters (default `"`, escaped by doubling). */
  quote?: string;
  escape?: string;
  /** strftime-style format for timestamp columns when DuckDB cannot parse them as ISO. */
  timestampFormat?: string;
  /** A file with a larger share of rejected rows fails the load (0..1; the loader's default when unset). */
  maxRejectedShare?: number;
}

export interface EventSource extends SourceBase {
  /** A column of the file that holds a JSON object of further properties. */
  propertiesJson?: string;
}

export interface SurveySource extends SourceBase {
  /** Which column identifies the respondent: a contact id or an account id. */
  respondent: 'contact' | 'account';
}

export interface Sources {
  events?: EventSource;
  accounts?: SourceBase;
  contacts?: SourceBase;
  surveys?: SurveySource;
}

// ---------------------------------------------------------------- filters

export type FilterOp =
  'eq' | 'in' | 'not_in' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'starts_with' | 'exists';

/** One condition on a property; a `where` is the AND of its filters. */
export interface Filter {
  property: string;
  op: FilterOp;
  /** A scalar for most operators, a list for in/not_in, a boolean for exists. */
  value: Scalar | Scalar[];
  /** `{not: {...}}` in YAML. */
  negate: boolean;
}

// ---------------------------------------------------------------- criteria

export type Aggregate =
  | { fn: 'count' }
  | { fn: 'distinct_contacts' }
  | { fn: 'distinct_values'; property: string }
  | { fn: 'sum'; property: string }
  | { fn: 'active_days' };

export interface Threshold {
  /** At least this much (>= 1 for counts; > 0 for sums). */
  atLeast: number;
  /** Scale by an account property: the threshold is atLeast * property (per-seat). */
  per?: string;
}

export type Window = { kind: 'first'; duration: Duration } | { kind: 'last'; duration: Duration };

interface CriterionBase {
  /** Stable id: the user's `id:` or the 1-based path, e.g. "1", "2.1". Used by overrides and explain. */
  id: string;
}

export interface EventCriterion extends CriterionBase {
  kind: 'event';
  event: string;
  where: Filter[];
  aggregate: Aggregate;
  threshold: Threshold;
  within?: Window;
}

/** Holds when another milestone was completed at or before t (or, with currently, is achieving at t). */
export interface MilestoneCriterion extends CriterionBase {
  kind: 'milestone';
  milestone: string;
  currently: boolean;
}

/**
 * Account-level only: counts the account's contacts that completed a
 * contact-level milestone (currently: that are achieving it).
 */
export interface ContactsCriterion extends CriterionBase {
  kind: 'contacts';
  milestone: string;
  currently: boolean;
  threshold: Threshold;
}

export interface GroupCriterion extends CriterionBase {
  kind: 'all' | 'any';
  children: Criterion[];
}

export type Criterion = EventCriterion | MilestoneCriterion | ContactsCriterion | GroupCriterion;

// ---------------------------------------------------------------- milestones

export type EvaluationStart =
  | { kind: 'first_seen' }
  | { kind: 'assigned' }
  | { kind: 'property'; property: string }
  | { kind: 'date'; at: string }
  | { kind: 'never' };

export interface Evaluation {
  start: EvaluationStart;
  deadline?: Duration;
  /** Count events before the evaluation start too. Default false. */
  countHistory: boolean;
}

export interface Assignment {
  /** Filters on account (or contact) properties; empty = everyone. */
  where: Filter[];
  /** Restrict to these ids, when given. */
  ids?: string[];
  /** Property holding the assignment time, used by `start: assigned`. */
  at?: string;
}

/** A per-company copy of the definition (MetaCX): changes for the listed accounts only. */
export interface Override {
  accounts: string[];
  /** criterion id -> at_least for these accounts. */
  thresholds: Record<string, number>;
  deadline?: Duration;
  start?: EvaluationStart;
}

export type Level = 'account' | 'contact';

export interface Milestone {
  id: string;
  name: string;
  description?: string;
  level: Level;
  /** Top-level criteria: all must hold. */
  criteria: Criterion[];
  evaluation: Evaluation;
  assign: Assignment;
  overrides: Override[];
}

export interface Journey {
  id: string;
  name: string;
  /** Milestone ids, in order. */
  stages: string[];
  /** Travelers count who entered (or exited) a stage in this period. Default all up to T. */
  period: Cohort;
  /** Time in milestone averages the travelers who exited in (T - this, T]. Default 7d. */
  exitedWithin: Duration;
}

// ---------------------------------------------------------------- CX

export type CxMetricKind = 'csat' | 'ces' | 'nps';

/** A survey question linked to milestones (Qualtrics CJO "milestone analysis"). */
export interface CxMetric {
  id: string;
  name: string;
  metric: CxMetricKind;
  /** The answer: a column or property of survey_responses, or a question_id in a long file. */
  question: string;
  /** Top of the scale: 5 or 7 (csat, ces), 10 (nps, whose bottom is 0). */
  scale: 5 | 7 | 10;
  milestones: string[];
  survey?: string;
  /** A response counts for a milestone reached at most this long before it. Default 30d. */
  window: Duration;
  /** A response column naming the milestone the response is about. */
  namedBy?: string;
  /** Columns holding Text iQ topics and sentiment; default the canonical ones. */
  topics: string;
  sentiment: string;
}

// ---------------------------------------------------------------- conversions

export type Step =
  { kind: 'milestone'; milestone: string } | { kind: 'event'; event: string; where: Filter[] };

export type Cohort =
  { kind: 'all' } | { kind: 'last'; duration: Duration } | { kind: 'range'; from: string; to: string };

export interface Exclusion {
  event: string;
  where: Filter[];
  /** 0-based step indexes: the exclusion voids an attempt when it falls strictly between these steps. */
  between: [number, number];
}

export interface Touchpoint {
  id: string;
  event: string;
  where: Filter[];
}

export interface Conversion {
  id: string;
  name: string;
  steps: Step[];
  window: Duration;
  cohort: Cohort;
  exclusions: Exclusion[];
  touchpoints: Touchpoint[];
  /** Account properties. */
  breakdown: string[];
  unit: Level;
  /** An event or account property summed as revenue for attribution. */
  value?: string;
  /** The currency of `value` (e.g. USD), shown with revenue; none when absent. */
  currency?: string;
  /** Half-life for the time-decay model. Default 7d. */
  halfLife: Duration;
}

// ---------------------------------------------------------------- project

/** How much of the machine the process (DuckDB and Node) may use. */
export interface WarehouseSettings {
  /** The process's budget in bytes; DuckDB gets 75% of it (warehouse/machine-memory.ts). */
  memoryLimit?: number;
  threads?: number;
  /** The spill folder, resolved relative to the config. */
  tempDir?: string;
}

export interface Project {
  /** Absolute path of the config file. */
  configPath: string;
  /** IANA zone for day boundaries and naive timestamps. Default "UTC". */
  timezone: string;
  /**
   * An account property holding the account's own IANA zone: its events' local
   * days (active days) are read in it. Accounts without a valid one use `timezone`.
   */
  timezoneProperty?: string;
  /** Warehouse file, resolved relative to the config; ":memory:" allowed. */
  warehouse: string;
  /** `warehouse: {memory_limit, threads, temp_dir}`; unset fields take the defaults (docs/SCALING.md#memory). */
  warehouseSettings?: WarehouseSettings;
  sources: Sources;
  milestones: Milestone[];
  journeys: Journey[];
  conversions: Conversion[];
  cx: CxMetric[];
}
