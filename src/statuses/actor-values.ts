/**
 * `compute`'s warning for account (or contact) values a milestone reads
 * that are there but cannot be read: a `per: seats` of "three" or "12
 * seats" is no number, so the criterion has no target for that account and
 * never holds; a `start: {property: contract_start}` of "01/15/2026" is no
 * date, so the milestone never starts for it. Both are documented outcomes
 * of a *missing* value, and a value written otherwise had given them with
 * exit 0 and no word. Typed columns are checked by the loader; this reads
 * the values packed as text. One pass over the accounts (or contacts) per
 * use: 50K accounts are milliseconds.
 *
 *   milestone "utilization", criterion 1: per: seats is no number for 1 account (e.g. "three"), which count as missing: the criterion never holds for them
 */
import { asNumber, isNumeric, isTemporal, propertyRef, type WarehouseTables } from '../compiler/columns.js';
import { ident } from '../compiler/quote.js';
import { treeNodes } from '../compiler/statuses/tree.js';
import { propertyInstant } from '../compiler/time.js';
import type { Project } from '../definitions/model.js';
import { settingLocation } from '../definitions/setting-locations.js';
import type { Diagnostic } from '../errors.js';
import type { Warehouse } from '../warehouse/session.js';
import { criterionSettings } from './event-uses.js';

interface ValueUse {
  table: 'accounts' | 'contacts';
  property: string;
  read: 'number' | 'instant' | 'zone';
  /** `milestone "pro", criterion 1: per: seats` */
  what: string;
  effect: string;
  setting: string;
}

function valueUses(project: Project): ValueUse[] {
  const zone: ValueUse[] =
    project.timezoneProperty === undefined
      ? []
      : [
          {
            table: 'accounts',
            property: project.timezoneProperty,
            read: 'zone',
            what: `timezone_property: ${project.timezoneProperty}`,
            effect: `which count as missing: their active days are counted in ${project.timezone}`,
            setting: 'timezone_property',
          },
        ];
  return [...milestoneValueUses(project), ...zone];
}

function milestoneValueUses(project: Project): ValueUse[] {
  return project.milestones.flatMap((m, mi): ValueUse[] => {
    const table = m.level === 'account' ? 'accounts' : 'contacts';
    const settings = criterionSettings(m.criteria, `milestones.${mi}.criteria`);
    const uses: ValueUse[] = [];
    for (const { criterion: c, path } of treeNodes(m.criteria)) {
      if ((c.kind !== 'event' && c.kind !== 'contacts') || c.threshold.per === undefined) continue;
      const per = c.threshold.per;
      uses.push({
        table,
        property: per,
        read: 'number',
        what: `milestone "${m.id}", criterion ${c.id === path ? path : `"${c.id}"`}: per: ${per}`,
        effect: 'which count as missing: the criterion never holds for them',
        setting: `${settings.get(path)}${c.kind === 'contacts' ? '.contacts' : ''}.per`,
      });
    }
    const start = m.evaluation.start;
    const at =
      start.kind === 'property' ? start.property : start.kind === 'assigned' ? m.assign.at : undefined;
    if (at !== undefined) {
      uses.push({
        table,
        property: at,
        read: 'instant',
        what: `milestone "${m.id}": ${start.kind === 'property' ? 'start' : 'assign.at'}: ${at}`,
        effect: 'which count as missing: the milestone never starts for them (not_started)',
        setting:
          start.kind === 'property'
            ? `milestones.${mi}.evaluation.start.property`
            : `milestones.${mi}.assign.at`,
      });
    }
    return uses;
  });
}

const KIND: Record<ValueUse['read'], string> = {
  number: 'number',
  instant: 'date or time',
  zone: 'time zone DuckDB knows',
};

const HINT: Record<ValueUse['read'], (u: ValueUse) => string> = {
  number: (u) =>
    `write plain numbers (12, not "12 seats" or "1,200"), or declare ${u.property} with a numeric type under sources.${u.table}.properties to have bad rows rejected`,
  instant: (u) =>
    `write dates as 2026-01-15 and times as 2026-01-15T09:00:00Z, or declare ${u.property} as DATE or TIMESTAMP under sources.${u.table}.properties to have bad rows rejected`,
  zone: () => 'write IANA zone names as DuckDB lists them (America/New_York, Asia/Tokyo, UTC), in their case',
};

/** A warning per use with values present but unreadable, naming one of them. */
export async function unreadableActorValueWarnings(
  w: Warehouse,
  project: Project,
  tables: WarehouseTables,
): Promise<Diagnostic[]> {
  const checks = valueUses(project).flatMap((u) => {
    const columns = tables[u.table];
    const ref = propertyRef(columns, 'p', u.property);
    // Typed columns: the loader rejected what their type cannot read.
    const typed = u.read === 'number' ? isNumeric(ref.type) : u.read === 'instant' && isTemporal(ref.type);
    if (!columns || ref.type === 'NULL' || typed) return [];
    const text = `CAST(${ref.sql} AS VARCHAR)`;
    // The zone test is account-zones.sql's: a name DuckDB knows, as written.
    const unreadable =
      u.read === 'zone'
        ? `${text} NOT IN (SELECT "name" FROM pg_timezone_names())`
        : `(${u.read === 'number' ? asNumber(ref) : propertyInstant(ref, project.timezone)}) IS NULL`;
    return [
      {
        u,
        sql: `FROM ${ident(u.table)} AS p WHERE nullif(trim(${text}), '') IS NOT NULL AND ${unreadable}`,
        text,
      },
    ];
  });
  if (checks.length === 0) return [];
  const rows = await w.all<{ i: number; n: bigint; example: string }>(
    checks
      .map(({ sql, text }, i) => `SELECT ${i} AS "i", count(*) AS "n", min(${text}) AS "example" ${sql}`)
      .join('\nUNION ALL\n'),
  );
  return rows
    .filter((r) => r.n > 0n)
    .sort((a, b) => Number(a.i) - Number(b.i))
    .map((r) => {
      const { u } = checks[Number(r.i)]!;
      const noun = u.table === 'accounts' ? 'account' : 'contact';
      const location = settingLocation(project, u.setting);
      return {
        severity: 'warning' as const,
        code: 'unreadable-value',
        message:
          `${u.what} is no ${KIND[u.read]} for ${r.n} ${noun}${r.n === 1n ? '' : 's'} ` +
          `(e.g. ${JSON.stringify(r.example)}), ${u.effect}`,
        hint: HINT[u.read](u),
        ...(location ? { location } : {}),
      };
    });
}
