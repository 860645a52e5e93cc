/**
 * Raw (schema-checked, semantically checked) definitions to the Project the
 * compiler reads. Only called when there are no errors, so it can trust
 * references and durations.
 */
import path from 'node:path';
import { toDuration } from './durations.js';
import { toFilters } from './filters.js';
import type {
  Cohort,
  Conversion,
  CxMetric,
  Journey,
  Project,
  Step,
  Touchpoint,
  WarehouseSettings,
} from './model.js';
import { toMilestone } from './normalise-milestones.js';
import type { RawConversion, RawCx, RawDefinitions, RawJourney, RawStep, RawWarehouse } from './schema.js';
import { parseMemoryLimit } from './sizes.js';
import { normaliseSources, resolvePath } from './sources.js';

export const DEFAULT_WAREHOUSE = 'milestones.duckdb';
const DEFAULT_HALF_LIFE = '7d';
/** Qualtrics shows time in milestone for travelers who left in the last 7 days. */
const DEFAULT_EXITED_WITHIN = '7d';
const DEFAULT_CX_WINDOW = '30d';

/**
 * The warehouse file: ":memory:" as is, otherwise resolved next to the config.
 * A `word:` prefix (`md:prod`, `s3://…`) is kept as written so that opening
 * it refuses it (warehouse/warehouse-location.ts) instead of making a local
 * file of that name.
 */
export function resolveWarehouse(configPath: string, warehouse: string | undefined): string {
  if (warehouse === ':memory:' || (warehouse !== undefined && /^[a-z][a-z0-9+.-]+:/i.test(warehouse)))
    return warehouse;
  return resolvePath(path.dirname(path.resolve(configPath)), warehouse ?? DEFAULT_WAREHOUSE);
}

/** `warehouse: {memory_limit, threads, temp_dir}` (schema-checked), or nothing set. */
function toWarehouseSettings(raw: RawWarehouse | undefined, folder: string): WarehouseSettings | undefined {
  if (raw === undefined || typeof raw === 'string') return undefined;
  const memory = raw.memory_limit === undefined ? undefined : parseMemoryLimit(raw.memory_limit);
  return {
    ...(memory?.ok ? { memoryLimit: memory.bytes } : {}),
    ...(raw.threads !== undefined ? { threads: raw.threads } : {}),
    ...(raw.temp_dir !== undefined ? { tempDir: resolvePath(folder, raw.temp_dir) } : {}),
  };
}

function toStep(raw: RawStep): Step {
  if (typeof raw === 'string') return { kind: 'milestone', milestone: raw };
  if ('milestone' in raw) return { kind: 'milestone', milestone: raw.milestone };
  return { kind: 'event', event: raw.event, where: toFilters(raw.where) };
}

function toCohort(raw: RawConversion['cohort'] | RawJourney['period']): Cohort {
  if (!raw) return { kind: 'all' };
  if ('last' in raw) return { kind: 'last', duration: toDuration(raw.last) };
  return { kind: 'range', from: raw.from, to: raw.to };
}

function toTouchpoint(raw: NonNullable<RawConversion['touchpoints']>[number]): Touchpoint {
  if (typeof raw === 'string') return { id: raw, event: raw, where: [] };
  return { id: raw.id ?? raw.event, event: raw.event, where: toFilters(raw.where) };
}

export function toConversion(raw: RawConversion): Conversion {
  const steps = (raw.steps ?? [raw.from!, raw.to!]).map(toStep);
  const last = steps.length - 1;
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    steps,
    window: toDuration(raw.window),
    cohort: toCohort(raw.cohort),
    exclusions: (raw.exclusions ?? []).map((e) => ({
      event: e.event,
      where: toFilters(e.where),
      between: e.between ?? [0, last],
    })),
    touchpoints: (raw.touchpoints ?? []).map(toTouchpoint),
    breakdown: raw.breakdown ?? [],
    unit: raw.unit ?? 'account',
    ...(raw.value !== undefined ? { value: raw.value } : {}),
    ...(raw.currency !== undefined ? { currency: raw.currency } : {}),
    halfLife: toDuration(raw.half_life ?? DEFAULT_HALF_LIFE),
  };
}

function toJourney(raw: RawJourney): Journey {
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    stages: raw.stages,
    period: toCohort(raw.period),
    exitedWithin: toDuration(raw.exited_within ?? DEFAULT_EXITED_WITHIN),
  };
}

function toCx(raw: RawCx): CxMetric {
  return {
    id: raw.id,
    name: raw.name ?? raw.id,
    metric: raw.metric,
    question: raw.question,
    scale: raw.metric === 'nps' ? 10 : (raw.scale ?? 5),
    milestones: raw.milestones,
    ...(raw.survey !== undefined ? { survey: raw.survey } : {}),
    window: toDuration(raw.window ?? DEFAULT_CX_WINDOW),
    ...(raw.named_by !== undefined ? { namedBy: raw.named_by } : {}),
    topics: raw.topics ?? 'topics',
    sentiment: raw.sentiment ?? 'sentiment',
  };
}

export function toProject(raw: RawDefinitions, configPath: string): Project {
  const absolute = path.resolve(configPath);
  return {
    configPath: absolute,
    timezone: raw.timezone ?? 'UTC',
    ...(raw.timezone_property !== undefined ? { timezoneProperty: raw.timezone_property } : {}),
    warehouse: resolveWarehouse(
      absolute,
      typeof raw.warehouse === 'object' ? raw.warehouse.path : raw.warehouse,
    ),
    ...(typeof raw.warehouse === 'object'
      ? { warehouseSettings: toWarehouseSettings(raw.warehouse, path.dirname(absolute)) }
      : {}),
    sources: normaliseSources(raw.sources, path.dirname(absolute)),
    milestones: (raw.milestones ?? []).map(toMilestone),
    journeys: (raw.journeys ?? []).map(toJourney),
    conversions: (raw.conversions ?? []).map(toConversion),
    cx: (raw.cx ?? []).map(toCx),
  };
}
