/**
 * `milestones late --known-at K [--as-of T]`: what late-arriving events
 * changed. As of T (default K), the statuses as they were knowable at K (only
 * events that had arrived by then) against the statuses known now (every
 * loaded event up to T): per milestone how the aggregates move, the actors
 * whose status, progress, completion time or deadline flag differ (the first
 * --limit), and the late events per event name. The warehouse is opened
 * read-only: nothing is loaded or published. See docs/KNOWN-AT.md.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MEASURES } from '../compiler/diff-sql.js';
import { parseAsOf } from '../definitions/as-of.js';
import { loadProject } from '../definitions/load-definitions.js';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UserError } from '../errors.js';
import {
  cellText,
  render,
  renderJson,
  resolveFormat,
  type OutputFormat,
  type Row,
} from '../output/format.js';
import { startProgress } from '../output/progress.js';
import type { ChangedActor, MilestoneDiff } from '../warehouse/run-diff.js';
import { lateStatuses, type LateResult } from '../warehouse/run-late.js';
import { withWarehouse } from '../warehouse/session.js';

export interface LateOptions {
  config?: string;
  db?: string;
  knownAt?: string;
  asOf?: string;
  format?: string;
  limit?: string;
}

const ARROW = '→';

/** `--known-at`: read like `--as-of` (a date alone is the end of that day in the config's zone). */
export function parseKnownAt(text: string, timeZone: string): string {
  try {
    return parseAsOf(text, timeZone);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(
      `--known-at "${text}" is not a date or timestamp`,
      EXIT_FAILURE,
      'write an ISO date or time, e.g. 2026-04-30, "2026-04-30 18:00" or 2026-04-30T18:00:00Z',
    );
  }
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new UserError(`--limit "${text}" is not a whole number`, EXIT_FAILURE, 'e.g. --limit 200');
  }
  return Number(text);
}

/** The warehouse must exist (late never creates one); it is opened read-only. */
function warehousePath(path: string): string {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new UserError(
      `there is no warehouse at ${path}, so there are no events to look at`,
      EXIT_INVALID,
      'run milestones load (or milestones compute) first, or pass --db',
    );
  }
  return path;
}

// ------------------------------------------------------------------ rendering

type Value = bigint | number | null | undefined;

/** now − known; null when either side is missing. */
function delta(known: Value, now: Value): bigint | number | null {
  if (known === null || known === undefined || now === null || now === undefined) return null;
  if (typeof known === 'bigint' && typeof now === 'bigint') return now - known;
  return Math.round((Number(now) - Number(known)) * 100) / 100;
}

/** "6" when unchanged, "6 → 7 (+1)" when it moved. */
function moveText(known: Value, now: Value): string {
  const text = (v: Value) => (v === null || v === undefined ? '' : String(v));
  if (text(known) === text(now)) return text(known);
  const d = delta(known, now);
  const signed = d === null ? '' : ` (${d > 0 ? '+' : ''}${d})`;
  return `${text(known)} ${ARROW} ${text(now)}${signed}`;
}

function milestoneRows(milestones: MilestoneDiff[], format: OutputFormat): Row[] {
  return milestones.map((m) => {
    const row: Row = { milestone: m.id, level: m.level };
    for (const x of MEASURES) {
      const [known, now] = [m.base?.[x] ?? null, m.head?.[x] ?? null];
      if (format === 'table') row[x] = moveText(known, now);
      else
        Object.assign(row, { [`known_${x}`]: known, [`now_${x}`]: now, [`delta_${x}`]: delta(known, now) });
    }
    row[format === 'table' ? 'changed' : 'changed_actors'] = m.changedActors;
    if (format !== 'table') row.changed_statuses = m.changedStatuses;
    return row;
  });
}

const CHANGE_COLUMNS = ['status', 'progress', 'completed_at', 'deadline_missed'] as const;

/** A side of a changed actor: `unassigned` when that side does not evaluate it (the data changed the universe). */
function sideText(row: ChangedActor, side: 'base' | 'head', column: string): string {
  if (row[`${side}_status`] === null) return column === 'status' ? 'unassigned' : '—';
  const value = row[`${side}_${column}`];
  return value === null ? '—' : cellText(value);
}

/** base_* is the side known at K, head_* the side known now: renamed for the reader. */
function changeRows(changes: ChangedActor[], format: OutputFormat): Row[] {
  if (format !== 'table') {
    return changes.map((r) => {
      const row: Row = {
        milestone_id: r.milestone_id,
        level: r.level,
        actor_id: r.actor_id,
        account_id: r.account_id,
      };
      for (const c of CHANGE_COLUMNS) {
        for (const [side, name] of [
          ['base', 'known'],
          ['head', 'now'],
        ] as const) {
          const value = r[`${side}_${c}`];
          row[`${name}_${c}`] = value instanceof Date ? cellText(value) : value;
        }
      }
      return row;
    });
  }
  return changes.map((r) => {
    const actor = String(r.actor_id);
    const row: Row = {
      milestone: r.milestone_id,
      actor: r.level === 'contact' && r.account_id ? `${actor} (${String(r.account_id)})` : actor,
    };
    for (const c of CHANGE_COLUMNS) {
      const [known, now] = [sideText(r, 'base', c), sideText(r, 'head', c)];
      row[c] = known === now ? known : `${known} ${ARROW} ${now}`;
    }
    return row;
  });
}

/** Timestamps as ISO text in every format. */
function lateEventRows(result: LateResult): Row[] {
  return result.lateEvents.map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? cellText(v) : v])),
  );
}

const LATE_COLUMNS = ['event', 'late_events', 'accounts', 'first_ts', 'last_ts', 'last_arrived_at'];

function caption(result: LateResult): string {
  const n = result.changedTotal;
  const moved = result.milestones.filter((m) => m.changedActors > 0n).length;
  const what =
    n === 0n
      ? 'no actor changed'
      : `${n} actor row${n === 1n ? '' : 's'} changed in ${moved} milestone${moved === 1 ? '' : 's'}`;
  const late = `${result.lateTotal} late event${result.lateTotal === 1n ? '' : 's'}`;
  return `known at ${result.knownAt} ${ARROW} now, as of ${result.asOf}: ${late}, ${what}\n`;
}

function print(result: LateResult, format: OutputFormat): void {
  const milestones = milestoneRows(result.milestones, format);
  const changes = changeRows(result.changes, format);
  const late = lateEventRows(result);
  const hidden = result.changedTotal - BigInt(result.changes.length);
  if (format === 'json') {
    process.stdout.write(
      renderJson({
        known_at: result.knownAt,
        as_of: result.asOf,
        late_total: result.lateTotal,
        events_with_arrival: result.arrivals,
        milestones,
        changes,
        changed_total: result.changedTotal,
        not_shown: hidden,
        late_events: late,
      }),
    );
    return;
  }
  if (format === 'csv') {
    const changeColumns = ['milestone_id', 'level', 'actor_id', 'account_id'].concat(
      CHANGE_COLUMNS.flatMap((c) => [`known_${c}`, `now_${c}`]),
    );
    const blocks = [render(milestones, format), render(changes, format, changeColumns)];
    process.stdout.write([...blocks, render(late, format, LATE_COLUMNS)].join('\n'));
    if (hidden > 0n) process.stderr.write(`note: ${hidden} more changed actor rows not shown (--limit)\n`);
    return;
  }
  const parts = [caption(result), render(milestones, format)];
  if (changes.length > 0) parts.push(render(changes, format));
  if (hidden > 0n) parts.push(`… and ${hidden} more (raise --limit to see them)\n`);
  if (late.length > 0) parts.push(render(late, format, LATE_COLUMNS));
  process.stdout.write(parts.join(''));
}

export async function run(options: LateOptions): Promise<number> {
  const project = loadProject(resolve(options.config ?? 'milestones.yaml'));
  // Checked before any work: bad options are usage errors (exit 2).
  if (options.knownAt === undefined) {
    throw new UserError('late needs --known-at', EXIT_FAILURE, 'e.g. milestones late --known-at 2026-03-31');
  }
  const knownAt = parseKnownAt(options.knownAt, project.timezone);
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, project.timezone);
  const format = resolveFormat(options.format);
  const limit = parseLimit(options.limit);
  const database = warehousePath(options.db ?? project.warehouse);
  const progress = startProgress('comparing');
  let result: LateResult;
  try {
    result = await withWarehouse(
      database,
      (warehouse) =>
        lateStatuses(warehouse, project, {
          knownAt,
          ...(asOf !== undefined ? { asOf } : {}),
          limit,
          onStatement: (s, i, n) => progress.update(`computing ${s.name} (${i + 1}/${n})`),
        }),
      // Read-only: the published results cannot change, and other readers are not blocked.
      { readOnly: database !== ':memory:' },
    );
    progress.succeed(`compared what was known at ${result.knownAt} with what is known now`);
  } catch (error) {
    progress.fail('late failed');
    throw error;
  }
  if (result.arrivals === 0n) {
    process.stderr.write(
      'note: no event carries an arrival time (sources.events.columns.arrived_at), so every event counts as known at its own time\n',
    );
  }
  print(result, format);
  return EXIT_OK;
}
