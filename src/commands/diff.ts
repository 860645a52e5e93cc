/**
 * `milestones diff --base REF`: the statuses of the same data under two
 * versions of the definitions, for reviewing a pull request. Per milestone,
 * how the aggregates move (counts per status, completions, deadline misses,
 * mean progress) and whether the definition changed; then the actors whose
 * status, progress, completion time or deadline flag differ (the first
 * --limit of them). The warehouse is opened read-only: nothing is loaded or
 * published. Exit 0 whether or not anything differs, unless --exit-code.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MEASURES } from '../compiler/diff-sql.js';
import { parseAsOf } from '../definitions/as-of.js';
import { parseBase, readBaseFile, readConfigAtRef, type BaseSource } from '../definitions/base-config.js';
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
import type { ChangedActor, DiffResult, MilestoneDiff } from '../warehouse/run-diff.js';
import { diffStatuses } from '../warehouse/run-diff.js';
import { withWarehouse } from '../warehouse/session.js';

export interface DiffOptions {
  config?: string;
  db?: string;
  base?: string;
  baseFile?: string;
  asOf?: string;
  format?: string;
  limit?: string;
  exitCode?: boolean;
}

const ARROW = '→';

/** `--exit-code`, as `git diff --exit-code`: 1 when anything differs. */
const EXIT_DIFFERS = 1;

function parseLimit(text: string | undefined): number {
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

async function readBase(options: DiffOptions, configPath: string): Promise<BaseSource> {
  if ((options.base === undefined) === (options.baseFile === undefined)) {
    throw new UserError(
      'diff needs exactly one of --base REF and --base-file FILE',
      EXIT_FAILURE,
      'e.g. milestones diff --base main (the config as committed on main)',
    );
  }
  return options.base !== undefined
    ? readConfigAtRef(options.base, configPath)
    : readBaseFile(options.baseFile!);
}

/** The warehouse must exist (diff never creates one); it is opened read-only. */
function warehousePath(path: string): string {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new UserError(
      `there is no warehouse at ${path}, so there are no events to compare on`,
      EXIT_INVALID,
      'run milestones load (or milestones compute) first, or pass --db',
    );
  }
  return path;
}

// ------------------------------------------------------------------ rendering

type Value = bigint | number | null | undefined;

function delta(base: Value, head: Value): bigint | number | null {
  if (base === null || base === undefined || head === null || head === undefined) return null;
  if (typeof base === 'bigint' && typeof head === 'bigint') return head - base;
  return Math.round((Number(head) - Number(base)) * 100) / 100;
}

const signed = (d: bigint | number) => (d > 0 ? `+${d}` : `${d}`);

/** "6", "6 → 7 (+1)", "— → 3" on a terminal. */
function moveText(base: Value, head: Value): string {
  const text = (v: Value) => (v === undefined ? '—' : v === null ? '' : String(v));
  if (base !== undefined && head !== undefined && text(base) === text(head)) return text(base);
  const d = delta(base, head);
  return `${text(base)} ${ARROW} ${text(head)}${d === null ? '' : ` (${signed(d)})`}`;
}

/** On a terminal the level joins the name (for contacts) and only the changed count shows, to keep it narrow. */
function milestoneRows(milestones: MilestoneDiff[], format: OutputFormat): Row[] {
  return milestones.map((m) => {
    if (format === 'table') {
      const level = m.level === 'account' ? '' : ` (${m.level})`;
      const row: Row = { milestone: `${m.id}${level}`, definition: m.definition };
      for (const x of MEASURES) row[x] = moveText(m.base?.[x], m.head?.[x]);
      row.changed = m.changedActors;
      return row;
    }
    const row: Row = { milestone: m.id, level: m.level, definition: m.definition };
    for (const x of MEASURES) {
      const [base, head] = [m.base?.[x] ?? null, m.head?.[x] ?? null];
      Object.assign(row, { [`base_${x}`]: base, [`head_${x}`]: head, [`delta_${x}`]: delta(base, head) });
    }
    row.changed_actors = m.changedActors;
    row.changed_statuses = m.changedStatuses;
    return row;
  });
}

const CHANGE_COLUMNS = ['status', 'progress', 'completed_at', 'deadline_missed'] as const;

/** The actor on a terminal: a contact shows its account. */
function actorText(row: ChangedActor): string {
  const actor = String(row.actor_id);
  return row.level === 'contact' && row.account_id ? `${actor} (${String(row.account_id)})` : actor;
}

function sideText(row: ChangedActor, side: 'base' | 'head', column: string): string {
  if (row[`${side}_status`] === null) return column === 'status' ? 'unassigned' : '—';
  const value = row[`${side}_${column}`];
  return value === null ? '—' : cellText(value);
}

function changeRows(changes: ChangedActor[], format: OutputFormat): Row[] {
  if (format !== 'table') {
    // Timestamps as ISO text in every format (cellText), the rest as read.
    return changes.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? cellText(v) : v])),
    );
  }
  return changes.map((r) => {
    const row: Row = { milestone: r.milestone_id, actor: actorText(r) };
    for (const c of CHANGE_COLUMNS) {
      const [base, head] = [sideText(r, 'base', c), sideText(r, 'head', c)];
      row[c] = base === head ? base : `${base} ${ARROW} ${head}`;
    }
    return row;
  });
}

const CSV_CHANGE_COLUMNS = [
  'milestone_id',
  'level',
  'actor_id',
  'account_id',
  ...CHANGE_COLUMNS.flatMap((c) => [`base_${c}`, `head_${c}`]),
];

function caption(result: DiffResult, baseLabel: string, headLabel: string): string {
  const n = result.changedTotal;
  const moved = result.milestones.filter((m) => m.changedActors > 0n).length;
  const what =
    n === 0n
      ? 'no actor changed'
      : `${n} actor row${n === 1n ? '' : 's'} changed in ${moved} milestone${moved === 1 ? '' : 's'}`;
  const zone = result.timezone;
  const tz = zone.base === zone.head ? '' : `\ntimezone: ${zone.base} ${ARROW} ${zone.head}`;
  return `${baseLabel} ${ARROW} ${headLabel}, as of ${result.asOf}: ${what}${tz}\n`;
}

function more(result: DiffResult): bigint {
  return result.changedTotal - BigInt(result.changes.length);
}

function print(result: DiffResult, format: OutputFormat, labels: { base: string; head: string }): void {
  const milestones = milestoneRows(result.milestones, format);
  const changes = changeRows(result.changes, format);
  const hidden = more(result);
  if (format === 'json') {
    process.stdout.write(
      renderJson({
        base: labels.base,
        head: labels.head,
        as_of: result.asOf,
        timezone: result.timezone,
        milestones,
        changes,
        changed_total: result.changedTotal,
        not_shown: hidden,
      }),
    );
    return;
  }
  if (format === 'csv') {
    process.stdout.write(
      [render(milestones, format), render(changes, format, CSV_CHANGE_COLUMNS)].join('\n'),
    );
    if (hidden > 0n) process.stderr.write(`note: ${hidden} more changed actor rows not shown (--limit)\n`);
    return;
  }
  const parts = [caption(result, labels.base, labels.head), render(milestones, format)];
  if (changes.length > 0) parts.push(render(changes, format));
  if (hidden > 0n) parts.push(`… and ${hidden} more (raise --limit to see them)\n`);
  process.stdout.write(parts.join(''));
}

/** Anything to review: an actor moved, or a milestone was added or removed. */
function differs(result: DiffResult): boolean {
  return (
    result.changedTotal > 0n ||
    result.milestones.some((m) => m.definition === 'added' || m.definition === 'removed')
  );
}

export async function run(options: DiffOptions): Promise<number> {
  const configPath = resolve(options.config ?? 'milestones.yaml');
  const head = loadProject(configPath);
  // Checked before any work: bad options are usage errors (exit 2).
  const asOf = options.asOf === undefined ? undefined : parseAsOf(options.asOf, head.timezone);
  const format = resolveFormat(options.format);
  const limit = parseLimit(options.limit);
  const source = await readBase(options, configPath);
  const base = parseBase(source, configPath);
  const database = warehousePath(options.db ?? head.warehouse);
  const progress = startProgress('comparing');
  let result: DiffResult;
  try {
    result = await withWarehouse(
      database,
      (warehouse) =>
        diffStatuses(warehouse, base, head, {
          ...(asOf !== undefined ? { asOf } : {}),
          limit,
          onStatement: (s, i, n) => progress.update(`computing ${s.name} (${i + 1}/${n})`),
        }),
      // Read-only: the published results cannot change, and other readers are not blocked.
      { readOnly: database !== ':memory:' },
    );
    progress.succeed(`compared ${source.label} with ${options.config ?? 'milestones.yaml'}`);
  } catch (error) {
    progress.fail('diff failed');
    throw error;
  }
  print(result, format, { base: source.label, head: options.config ?? 'milestones.yaml' });
  return options.exitCode && differs(result) ? EXIT_DIFFERS : EXIT_OK;
}
