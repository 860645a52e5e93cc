/**
 * What is measured on the entries: the funnel per step and breakdown value
 * (sql/conversion-steps.sql), the touches of settled entries
 * (sql/conversion-touches.sql), the touchpoint metrics
 * (sql/conversion-touchpoints.sql) and the distinct paths
 * (sql/conversion-paths.sql).
 *
 *   breakdown: [segment, region]
 *   -> GROUP BY GROUPING SETS (("step", "step_name"), ("step", "step_name", "b1"), ("step", "step_name", "b2"))
 *      "breakdown" = CASE WHEN grouping("b1") = 0 THEN 'segment' WHEN grouping("b2") = 0 THEN 'region' END
 */
import type { Conversion, Step } from '../../definitions/model.js';
import { ident, literal, str } from '../quote.js';
import { asText, propertyRef, type WarehouseTables } from '../columns.js';
import { fillTemplate } from '../template.js';
import { conversionTable } from './names.js';
import { actorKey } from './actor-key.js';
import {
  NO_BOUNDS,
  placedTouchpoints,
  touchpointEvents,
  touchpointFilter,
  touchpointFilters,
  touchpointRows,
  type PlacedTouchpoint,
  type ScanBounds,
} from './sources.js';
import { knownCondition } from '../statuses/known-at.js';

/** A step's display name: the milestone id or the event name. */
export function stepName(step: Step): string {
  return step.kind === 'milestone' ? step.milestone : step.event;
}

function breakdownParts(conversion: Conversion, tables: WarehouseTables) {
  const columns = conversion.breakdown.map((property, i) => {
    const ref = propertyRef(tables.accounts, 'p', property);
    return { property, column: ident(`b${i + 1}`), sql: asText(ref) };
  });
  const whenGrouped = (pick: (c: (typeof columns)[number]) => string) =>
    columns.length === 0
      ? 'CAST(NULL AS VARCHAR)'
      : `CASE${columns.map((c) => ` WHEN grouping(${c.column}) = 0 THEN ${pick(c)}`).join('')} END`;
  return {
    columns: columns.map((c) => `,\n${c.sql} AS ${c.column}`).join(''),
    breakdown: whenGrouped((c) => str(c.property)),
    value: whenGrouped((c) => c.column),
    sets: ['("step", "step_name")', ...columns.map((c) => `("step", "step_name", ${c.column})`)].join(', '),
    accounts:
      columns.length > 0 && tables.accounts
        ? '\nLEFT JOIN "accounts" AS p ON CAST(p."account_id" AS VARCHAR) = en."account_id"'
        : '',
  };
}

export function stepsSql(conversion: Conversion, tables: WarehouseTables): string {
  const parts = breakdownParts(conversion, tables);
  const steps = conversion.steps.map((step, i) => `(${i + 1}, ${str(stepName(step))})`).join(', ');
  return fillTemplate('conversion-steps', {
    table: ident(conversionTable.steps(conversion.id)),
    entries: ident(conversionTable.entries(conversion.id)),
    conversion: str(conversion.id),
    steps,
    breakdown_columns: parts.columns,
    accounts: parts.accounts,
    breakdown: parts.breakdown,
    value: parts.value,
    grouping_sets: parts.sets,
  });
}

/**
 * The touches of settled entries (sql/conversion-touches.sql): one SELECT for
 * the touchpoints without a filter and one for those with one, so that the
 * events of the first never carry their JSON properties through the join
 * (50M events, 10 touchpoints of which 4 filter page views: see the template).
 * `from`/`into`: the entries read and the table written (an incremental
 * run's fresh ones: continued.ts).
 */
export function touchesSql(
  conversion: Conversion,
  tables: WarehouseTables,
  timeZone: string,
  bounds: ScanBounds = NO_BOUNDS,
  from = conversionTable.entries(conversion.id),
  into = conversionTable.touches(conversion.id),
): string {
  const placed = placedTouchpoints(conversion);
  const plain = placed.filter((t) => touchpointFilter(t, tables, timeZone) === 'TRUE');
  const filtered = placed.filter((t) => touchpointFilter(t, tables, timeZone) !== 'TRUE');
  const select = (touchpoints: PlacedTouchpoint[]) =>
    fillTemplate('conversion-touches', {
      entries: ident(from),
      steps: String(conversion.steps.length),
      // The entries meet the events on their actor's key (actor-key.ts).
      actor: actorKey(conversion, tables).event,
      touchpoints: touchpointRows(touchpoints),
      events: touchpointEvents(touchpoints),
      filters: touchpointFilters(touchpoints, tables, timeZone),
      // `--known-at`: one more condition beside `e."ts" <= T` (statuses/known-at.ts).
      known: bounds.knownAt ? `\n  AND ${knownCondition(tables.events, 'e')}` : '',
      floor: bounds.floor,
    });
  const selects = [plain, filtered].filter((group) => group.length > 0).map(select);
  return `CREATE OR REPLACE TEMP TABLE ${ident(into)} AS\n${selects.join('\nUNION ALL\n')}`;
}

export function touchpointsSql(conversion: Conversion): string {
  const touchpoints = conversion.touchpoints.map((t, i) => `(${i + 1}, ${str(t.id)})`).join(', ');
  return fillTemplate('conversion-touchpoints', {
    table: ident(conversionTable.touchpoints(conversion.id)),
    entries: ident(conversionTable.entries(conversion.id)),
    touches: ident(conversionTable.touches(conversion.id)),
    conversion: str(conversion.id),
    touchpoints,
  });
}

export function pathsSql(conversion: Conversion): string {
  return fillTemplate('conversion-paths', {
    table: ident(conversionTable.paths(conversion.id)),
    touches: ident(conversionTable.touches(conversion.id)),
    entries: ident(conversionTable.entries(conversion.id)),
    conversion: str(conversion.id),
    half_life: literal(conversion.halfLife.seconds),
  });
}

export function decaySql(conversion: Conversion): string {
  return fillTemplate('conversion-decay', {
    table: ident(conversionTable.decay(conversion.id)),
    paths: ident(conversionTable.paths(conversion.id)),
  });
}
