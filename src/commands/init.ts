/**
 * `milestones init [--events FILE] [-o milestones.yaml] [--force]`: a starter
 * config, the first thing a new analyst runs. With --events it samples the
 * file in an in-memory DuckDB, proposes the column mapping and lists the most
 * frequent event names as criteria. The config it writes validates as is.
 * An existing file is never replaced without --force (exit 2).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inferFormat } from '../definitions/sources.js';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UserError } from '../errors.js';
import { writeUserFile } from '../output/write-user-file.js';
import { proposeMapping, ROLES, type Mapping } from '../init/propose-mapping.js';
import {
  sampleColumns,
  sampleTimeFormat,
  topEvents,
  type EventCount,
  type TimeFormat,
} from '../init/sample-events.js';
import { starterConfig } from '../init/starter-config.js';
import { withWarehouse } from '../warehouse/session.js';

export interface InitOptions {
  events?: string;
  output?: string;
  force?: boolean;
}

/** Event names listed: the first is the starter criterion, the rest are commented out. */
const LISTED_EVENTS = 10;

/** The schema shipped with this package, as a path from the config's folder (editors resolve it so). */
const SHIPPED_SCHEMA = fileURLToPath(new URL('../../schema/milestones.schema.json', import.meta.url));

const posixRelative = (from: string, to: string) => {
  const path = relative(from, to).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
};

function checkTarget(target: string, force: boolean): void {
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new UserError(`cannot write ${target}: it is a folder`, EXIT_FAILURE, 'pass -o with a file name');
  }
  if (existsSync(target) && !force) {
    throw new UserError(
      `${target} already exists; init does not replace it`,
      EXIT_FAILURE,
      'pass --force to replace it, or -o to write another file',
    );
  }
}

async function sample(
  path: string,
): Promise<{ mapping: Mapping; events: EventCount[]; sampled: number; timeFormat?: TimeFormat }> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UserError(
      `no events file: ${path} does not exist`,
      EXIT_INVALID,
      'pass --events with a CSV or Parquet file',
    );
  }
  const format = inferFormat(path) ?? 'csv';
  return withWarehouse(':memory:', async (warehouse) => {
    const columns = await sampleColumns(warehouse, path, format);
    const mapping = proposeMapping(columns);
    const ts = columns.find((c) => c.name === mapping.ts);
    const timeFormat = ts === undefined ? undefined : await sampleTimeFormat(warehouse, path, format, ts);
    const found = { mapping, ...(timeFormat !== undefined ? { timeFormat } : {}) };
    if (mapping.event === undefined) return { ...found, events: [], sampled: 0 };
    return { ...found, ...(await topEvents(warehouse, path, format, mapping.event, LISTED_EVENTS)) };
  });
}

function describeMapping(mapping: Mapping): string {
  return ROLES.map((role) => `${role} <- ${mapping[role] ?? '(none found)'}`).join(', ');
}

export async function run(options: InitOptions): Promise<number> {
  const toStdout = options.output === '-';
  const target = resolve(toStdout ? 'milestones.yaml' : (options.output ?? 'milestones.yaml'));
  if (!toStdout) checkTarget(target, options.force === true);
  const folder = dirname(target);
  const eventsFile = options.events === undefined ? undefined : resolve(options.events);
  const found = eventsFile === undefined ? { mapping: {}, events: [], sampled: 0 } : await sample(eventsFile);
  const text = starterConfig({
    eventsPath:
      eventsFile === undefined ? 'events.csv' : posixRelative(folder, eventsFile).replace(/^\.\//, ''),
    readFrom: options.events,
    ...found,
    schemaRef: posixRelative(folder, SHIPPED_SCHEMA),
  });
  if (toStdout) {
    process.stdout.write(text);
    return EXIT_OK;
  }
  writeUserFile(target, text, 'the config');
  if (eventsFile !== undefined) process.stderr.write(`columns: ${describeMapping(found.mapping)}\n`);
  if (
    eventsFile !== undefined &&
    found.mapping.account_id === undefined &&
    found.mapping.contact_id === undefined
  ) {
    process.stderr.write(
      'warning: no column looks like an account or contact id; name one in sources.events.columns\n',
    );
  }
  const config = relative(process.cwd(), target) || target;
  process.stderr.write(
    `wrote ${config}\nnext: milestones validate -c ${config} && milestones compute -c ${config}\n`,
  );
  return EXIT_OK;
}
