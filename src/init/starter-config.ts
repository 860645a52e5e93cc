/**
 * The text of the starter config `milestones init` writes (pure): the events
 * source with the proposed column mapping, and one milestone whose first
 * criterion is the most frequent event, the next ones listed commented out.
 *
 *   {eventsPath: 'events.csv', mapping: {ts: 'occurred_at', event: 'event_name', ...},
 *    events: [{event: 'page_view', count: 60}, {event: 'report_created', count: 40}]}
 *   -> sources: {events: {path: events.csv, columns: {ts: occurred_at, ...}}}
 *      milestones: [{id: active, criteria: [{event: page_view}]}]   # report_created commented out
 */
import { stringify } from 'yaml';
import type { Mapping } from './propose-mapping.js';
import type { EventCount, TimeFormat } from './sample-events.js';

export interface StarterInput {
  /** The events file as the config should name it (relative to the config's folder). */
  eventsPath: string;
  /** Where the events came from, for the header comment; undefined: no file was read. */
  readFrom?: string;
  mapping: Mapping;
  events: EventCount[];
  sampled: number;
  /** The `$schema` the modeline points to. */
  schemaRef: string;
  /** How the ts column's text is read, when the loader needs to be told (sampleTimeFormat). */
  timeFormat?: TimeFormat;
}

/** `timestamp_format:` when the ts column's text needs one, with what init saw. */
function timeFormatLines(timeFormat: TimeFormat | undefined): string[] {
  if (timeFormat === undefined) return [];
  const note = timeFormat.ambiguous
    ? '# every sampled day was 12 or less: check whether the day or the month comes first'
    : '# how the ts column is written (DuckDB strptime)';
  return [`    timestamp_format: ${yamlScalar(timeFormat.format)} ${note}`];
}

/** A YAML scalar: plain when YAML reads it back as the same string, else quoted. */
export function yamlScalar(value: string): string {
  const text = stringify(value).trimEnd();
  return text.includes('\n') ? JSON.stringify(value) : text;
}

const percent = (count: number, total: number) => `${((100 * count) / Math.max(total, 1)).toFixed(1)}%`;

/** Written in this order, the order of the docs; matched in ROLES order. */
const WRITTEN = ['ts', 'account_id', 'contact_id', 'event'] as const;

function columnLines(mapping: Mapping): string[] {
  // Nothing proposed (no file read): the canonical names themselves, for the user to edit.
  if (WRITTEN.every((role) => mapping[role] === undefined)) {
    return WRITTEN.map((role) => `      ${role}: ${role} # the file's column for ${role}`);
  }
  return WRITTEN.map((role) =>
    mapping[role] !== undefined
      ? `      ${role}: ${yamlScalar(mapping[role])}`
      : `      # ${role}: ?   # no column looked like one: name the file's column here`,
  );
}

function criteriaLines(input: StarterInput): string[] {
  const [first, ...rest] = input.events;
  if (first === undefined) {
    return ['      - event: signed_up # no events were sampled: name one of your events'];
  }
  const share = (e: EventCount) => `${percent(e.count, input.sampled)} of the sampled events`;
  const more =
    rest.length === 0
      ? []
      : [
          '      # the next most frequent events; uncomment to require them (at_least: N, within: {first: 30d}, where: ...)',
          ...rest.map((e) => `      # - event: ${yamlScalar(e.event)} # ${share(e)}`),
        ];
  return [`      - event: ${yamlScalar(first.event)} # ${share(first)}`, ...more];
}

export function starterConfig(input: StarterInput): string {
  const from =
    input.readFrom === undefined
      ? '# No events file was read (pass --events FILE to propose the mapping from your data).'
      : input.mapping.event === undefined
        ? // Nothing was counted without an event column: "0 rows sampled" read as an empty file.
          `# Proposed from ${input.readFrom} (no column looked like the event name, so no event was counted). Check the column mapping.`
        : `# Proposed from ${input.readFrom} (${input.sampled} rows sampled). Check the column mapping.`;
  return [
    `# yaml-language-server: $schema=${input.schemaRef}`,
    '#',
    '# Starter definitions written by `milestones init`.',
    from,
    '# The language: docs/LANGUAGE.md (installed: node_modules/milestones/docs/LANGUAGE.md).',
    '# Next: milestones validate, then milestones compute.',
    '',
    'timezone: UTC # naive timestamps in the files are read in this zone; day boundaries too',
    '',
    'sources:',
    '  events:',
    `    path: ${yamlScalar(input.eventsPath)}`,
    '    columns: # canonical name: column in the file',
    ...columnLines(input.mapping),
    ...timeFormatLines(input.timeFormat),
    '    # every other column is kept as a property that `where:` filters can use',
    '',
    'milestones:',
    '  - id: active',
    '    name: Active',
    '    criteria: # all must hold',
    ...criteriaLines(input),
    '',
  ].join('\n');
}
