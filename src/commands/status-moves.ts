/**
 * What `diff` and `late` share: both compare two evaluations of the statuses
 * (two versions of the definitions; what was known at K and what is known
 * now) and print how each milestone's aggregates moved and which actors
 * changed. The two sides are named by the caller (`base`/`head`,
 * `known`/`now`): they prefix the CSV and JSON columns.
 *
 *   moveText(6n, 7n) -> "6 → 7 (+1)";  moveText(6n, 6n) -> "6"
 */
import { existsSync } from 'node:fs';
import { CHANGE_COLUMNS, CONVERSION_MEASURES, MEASURES } from '../compiler/diff-sql.js';
import { EXIT_FAILURE, EXIT_INVALID, UserError } from '../errors.js';
import { cellText, type OutputFormat, type Row } from '../output/format.js';
import type { ChangedActor, ConversionDiff, MilestoneDiff } from '../diff/run-diff.js';
import { checkWarehouseLocation } from '../warehouse/warehouse-location.js';

export const ARROW = '→';

/** Column prefixes of the two sides in CSV and JSON. */
export interface Sides {
  base: string;
  head: string;
}

export function parseLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new UserError(
      `--limit "${text}" is not a whole number`,
      EXIT_FAILURE,
      'e.g. --limit 200 (0 shows none)',
    );
  }
  return Number(text);
}

/** The warehouse must exist (these commands never create one; they open it read-only). */
export function existingWarehouse(path: string, what: string): string {
  checkWarehouseLocation(path); // A remote or non-DuckDB path is refused as such, not as missing.
  if (path !== ':memory:' && !existsSync(path)) {
    throw new UserError(
      `there is no warehouse at ${path}, so there are no events to ${what}`,
      EXIT_INVALID,
      'run milestones load (or milestones compute) first, or pass --db',
    );
  }
  return path;
}

type Value = bigint | number | null | undefined;

/** head − base; null when either side is missing. */
export function delta(base: Value, head: Value): bigint | number | null {
  if (base === null || base === undefined || head === null || head === undefined) return null;
  if (typeof base === 'bigint' && typeof head === 'bigint') return head - base;
  return Math.round((Number(head) - Number(base)) * 100) / 100;
}

/** "6" when unchanged, "6 → 7 (+1)" when it moved, "— → 3" for a side without the milestone. */
export function moveText(base: Value, head: Value): string {
  const text = (v: Value) => (v === undefined ? '—' : v === null ? '' : String(v));
  if (base !== undefined && head !== undefined && text(base) === text(head)) return text(base);
  const d = delta(base, head);
  const signed = d === null ? '' : ` (${d > 0 ? '+' : ''}${d})`;
  return `${text(base)} ${ARROW} ${text(head)}${signed}`;
}

/**
 * A row per milestone. On a terminal the level joins the name (for contacts)
 * and each measure is one "a → b (+d)" cell, to keep it narrow; CSV and JSON
 * carry both sides and the delta as numbers. `definition` (diff only) says
 * whether the milestone's definition changed.
 */
export function milestoneMoveRows(
  milestones: MilestoneDiff[],
  format: OutputFormat,
  sides: Sides,
  withDefinition = false,
): Row[] {
  return milestones.map((m) => {
    const definition = withDefinition ? { definition: m.definition } : {};
    if (format === 'table') {
      const level = m.level === 'account' ? '' : ` (${m.level})`;
      const row: Row = { milestone: `${m.id}${level}`, ...definition };
      for (const x of MEASURES) row[x] = moveText(m.base?.[x], m.head?.[x]);
      row.changed = m.changedActors;
      return row;
    }
    const row: Row = { milestone: m.id, level: m.level, ...definition };
    for (const x of MEASURES) {
      const [base, head] = [m.base?.[x] ?? null, m.head?.[x] ?? null];
      Object.assign(row, {
        [`${sides.base}_${x}`]: base,
        [`${sides.head}_${x}`]: head,
        [`delta_${x}`]: delta(base, head),
      });
    }
    row.changed_actors = m.changedActors;
    row.changed_statuses = m.changedStatuses;
    return row;
  });
}

/**
 * A row per conversion (diff): entered, in_progress, converted and the rate
 * (percent of settled actors) as "a → b (+d)" cells on a terminal; both
 * sides and the delta in CSV and JSON, as for the milestones.
 */
export function conversionMoveRows(conversions: ConversionDiff[], format: OutputFormat, sides: Sides): Row[] {
  return conversions.map((c) => {
    const row: Row = { conversion: c.id, definition: c.definition };
    for (const x of CONVERSION_MEASURES) {
      const [base, head] = [c.base?.[x], c.head?.[x]];
      if (format === 'table') {
        row[x === 'rate' ? 'rate %' : x] = moveText(base, head);
        continue;
      }
      Object.assign(row, {
        [`${sides.base}_${x}`]: base ?? null,
        [`${sides.head}_${x}`]: head ?? null,
        [`delta_${x}`]: delta(base, head),
      });
    }
    return row;
  });
}

/** The CSV columns of the conversions, so that an empty block still has its header. */
export function conversionColumns(sides: Sides): string[] {
  return ['conversion', 'definition'].concat(
    CONVERSION_MEASURES.flatMap((x) => [`${sides.base}_${x}`, `${sides.head}_${x}`, `delta_${x}`]),
  );
}

/** Shown on a terminal for every changed actor; the other compared columns only when a shown row moved there. */
const ALWAYS_SHOWN = new Set<string>(['status', 'progress', 'completed_at', 'deadline_missed']);

/** The CSV columns of the changed actors. */
export function changeColumns(sides: Sides): string[] {
  return ['milestone_id', 'level', 'actor_id', 'account_id'].concat(
    CHANGE_COLUMNS.flatMap((c) => [`${sides.base}_${c}`, `${sides.head}_${c}`]),
  );
}

/** A side of a changed actor on a terminal: `unassigned` when that side does not evaluate it. */
function sideText(row: ChangedActor, side: 'base' | 'head', column: string): string {
  if (row[`${side}_status`] === null) return column === 'status' ? 'unassigned' : '—';
  const value = row[`${side}_${column}`];
  return value === null ? '—' : cellText(value);
}

/** The changed actors: on a terminal "a → b" cells (a contact shows its account); else both sides, timestamps as ISO text. */
export function changeRows(changes: ChangedActor[], format: OutputFormat, sides: Sides): Row[] {
  if (format !== 'table') {
    return changes.map((r) => {
      const row: Row = {
        milestone_id: r.milestone_id,
        level: r.level,
        actor_id: r.actor_id,
        account_id: r.account_id,
      };
      for (const c of CHANGE_COLUMNS) {
        for (const side of ['base', 'head'] as const) {
          const value = r[`${side}_${c}`];
          row[`${sides[side]}_${c}`] = value instanceof Date ? cellText(value) : value;
        }
      }
      return row;
    });
  }
  // Narrow on a terminal: a column such as `deadline` or `on_time` appears when a row moved there.
  const moved = (c: string) => changes.some((r) => sideText(r, 'base', c) !== sideText(r, 'head', c));
  const shown = CHANGE_COLUMNS.filter((c) => ALWAYS_SHOWN.has(c) || moved(c));
  return changes.map((r) => {
    const actor = String(r.actor_id);
    const row: Row = {
      milestone: r.milestone_id,
      actor: r.level === 'contact' && r.account_id ? `${actor} (${String(r.account_id)})` : actor,
    };
    for (const c of shown) {
      const [base, head] = [sideText(r, 'base', c), sideText(r, 'head', c)];
      row[c] = base === head ? base : `${base} ${ARROW} ${head}`;
    }
    return row;
  });
}

/** "no actor changed" or "3 actor rows changed in 2 milestones". */
export function changedSummary(result: { changedTotal: bigint; milestones: MilestoneDiff[] }): string {
  const n = result.changedTotal;
  if (n === 0n) return 'no actor changed';
  const moved = result.milestones.filter((m) => m.changedActors > 0n).length;
  return `${n} actor row${n === 1n ? '' : 's'} changed in ${moved} milestone${moved === 1 ? '' : 's'}`;
}
