/**
 * Commander wiring only: each command's module is imported lazily (so
 * `--help` is instant) and exports `run(options): Promise<number>`, the exit code.
 * One error boundary turns errors into messages and exit codes.
 */
import { Command, CommanderError, Option } from 'commander';
import { isBrokenPipe, watchOutputStreams } from './broken-pipe.js';
import { EXIT_FAILURE, EXIT_OK, UserError, formatDiagnostic, visible, where } from './errors.js';
import { COMMAND_TABLES, tableHelp, type TableCommand } from './output/table-choice.js';
import { setVerbosity, writeError } from './output/verbosity.js';

type Options = Record<string, unknown>;
type Runner = (options: Options) => Promise<number>;

const formatOption = (choices: string[]) => new Option('--format <format>', 'output format').choices(choices);

/** `--out`, the old spelling of `-o, --output`: still accepted, no longer shown. */
const outAlias = () => new Option('--out <file>', 'same as --output').hideHelp();

/** `--table NAME` for a command with several result tables; an unknown name is a usage error listing them. */
const tableOption = (command: TableCommand) =>
  new Option('--table <name>', tableHelp(command)).choices(COMMAND_TABLES[command]);

/** On every command: how much goes to stderr. */
function verbosityOptions(cmd: Command): Command {
  return cmd
    .option('--quiet', 'print nothing on stderr but errors (no progress, warnings or notes)')
    .option('--verbose', 'also print each SQL step with its time on stderr');
}

function configOptions(cmd: Command): Command {
  return verbosityOptions(cmd)
    .option('-c, --config <file>', 'definitions file', 'milestones.yaml')
    .option('--db <file>', 'warehouse file (default: from the config; ":memory:" allowed)');
}

/** On every command that opens the warehouse: how much of the machine the process may use (docs/SCALING.md#memory). */
function resourceOptions(cmd: Command): Command {
  return cmd
    .option(
      '--memory-limit <size>',
      "the process's memory budget, e.g. 2GB or 512MB; DuckDB gets 75% of it (default: warehouse: memory_limit, else 80% of memory)",
    )
    .option('--threads <n>', "DuckDB's threads (default: warehouse: threads, else one per core)")
    .option(
      '--temp-dir <dir>',
      'folder DuckDB spills to past the memory limit (default: warehouse: temp_dir, else WAREHOUSE.tmp)',
    );
}

export function buildProgram(
  run: (load: () => Promise<{ run: Runner }>, options: Options) => Promise<void>,
): Command {
  const program = new Command('milestones')
    .description('Customer milestones, conversions and CX analysis, compiled to SQL and run in DuckDB.')
    .version('0.1.0')
    .showSuggestionAfterError()
    // Set before the subcommands are created: commander copies it to each, so that
    // a bad option anywhere is a usage error (exit 2), never a process.exit(1).
    .exitOverride();

  verbosityOptions(program.command('init'))
    .description('write a starter config, its column mapping and criteria proposed from an events file')
    .option('--events <file>', 'an events file (CSV or Parquet) to sample')
    .option('-o, --output <file>', 'config file to write ("-": stdout)', 'milestones.yaml')
    .option('--force', 'replace the file when it exists')
    .action((opts: Options) => run(() => import('./commands/init.js'), opts));

  configOptions(program.command('validate'))
    .description('check the definitions (schema, references, cycles, durations); for CI')
    .addOption(formatOption(['text', 'json', 'github']).default('text'))
    .option('--strict', 'treat warnings as errors')
    .option('--no-warehouse', 'do not look at the warehouse for unknown events and properties')
    .action((opts: Options) => run(() => import('./commands/validate.js'), opts));

  verbosityOptions(program.command('schema'))
    .description('print the JSON Schema of the definitions language (or write it with -o)')
    .option('-o, --output <file>', 'file to write, atomically (default: stdout)')
    .action((opts: Options) => run(() => import('./commands/schema.js'), opts));

  resourceOptions(configOptions(program.command('load')))
    .description('load the declared sources (or TABLE PATH... ad hoc) into the warehouse')
    .argument('[table]', 'events | accounts | contacts | surveys')
    .argument('[paths...]', 'files or globs for TABLE, overriding the config')
    .option('--strict', 'fail (and change nothing) when any row is rejected')
    .action((table: string | undefined, paths: string[], opts: Options) =>
      run(() => import('./commands/load.js'), { ...opts, table, paths }),
    );

  resourceOptions(configOptions(program.command('compute')))
    .description('load new sources, compute statuses, history and every analysis, store the results')
    .option('--as-of <time>', 'evaluate as of this time (default: the latest event)')
    .option(
      '--known-at <time>',
      'as knowable then: only events that had arrived by this time (--as-of defaults to it)',
    )
    .option(
      '--full',
      'recompute from every event (default: continue from the last run, rebuilding only actors whose past changed)',
    )
    .addOption(formatOption(['table', 'csv', 'json']))
    .addOption(tableOption('compute'))
    .action((opts: Options) => run(() => import('./commands/compute.js'), opts));

  resourceOptions(configOptions(program.command('explain')))
    .description('why an account (or contact) has the status it has')
    .argument('<id>', 'account or contact id')
    .option('--milestone <id>', 'only this milestone')
    .option('--as-of <time>', 'evaluate as of this time (default: the latest event)')
    .option(
      '--known-at <time>',
      'as knowable then: only events that had arrived by this time (--as-of defaults to it)',
    )
    .addOption(formatOption(['table', 'json']))
    .action((id: string, opts: Options) => run(() => import('./commands/explain.js'), { ...opts, id }));

  configOptions(program.command('compile'))
    .description('print the generated SQL')
    .option('--milestone <id>', 'only this milestone')
    .action((opts: Options) => run(() => import('./commands/compile.js'), opts));

  resourceOptions(configOptions(program.command('conversions')))
    .description('conversion funnels, touchpoints and attribution')
    .argument('[id]', 'only this conversion')
    .option('--as-of <time>', 'evaluate as of this time (default: the latest event)')
    .addOption(
      new Option('--mode <mode>', 'what the touchpoint table leads with')
        .choices(['data-driven', 'mean', 'median'])
        .default('data-driven'),
    )
    .option(
      '--model <name>',
      'attribution model to show (first_touch, last_touch, linear, time_decay, position_based, markov, shapley)',
    )
    .addOption(formatOption(['table', 'csv', 'json']))
    .addOption(tableOption('conversions'))
    .action((id: string | undefined, opts: Options) =>
      run(() => import('./commands/conversions.js'), { ...opts, id }),
    );

  resourceOptions(configOptions(program.command('cx')))
    .description('survey metrics (CSAT, CES, NPS) and topics per milestone; journey travelers')
    .argument('[id]', 'only this cx metric')
    .option('--as-of <time>', 'evaluate as of this time (default: the latest event)')
    .option('--topics <n>', 'topics shown per metric and milestone', '10')
    .addOption(formatOption(['table', 'csv', 'json']))
    .addOption(tableOption('cx'))
    .action((id: string | undefined, opts: Options) =>
      run(() => import('./commands/cx.js'), { ...opts, id }),
    );

  resourceOptions(configOptions(program.command('paths')))
    .description('paths through a journey: previous stage -> stage -> next stage, as actors reached them')
    .argument('[journey]', 'only this journey')
    .option('--as-of <time>', 'evaluate as of this time (default: the latest event)')
    .addOption(formatOption(['table', 'csv', 'json']))
    .action((journey: string | undefined, opts: Options) =>
      run(() => import('./commands/paths.js'), { ...opts, journey }),
    );

  resourceOptions(configOptions(program.command('diff')))
    .description('compare statuses under the definitions at a git revision (or another file) and now')
    .option('--base <ref>', 'git revision whose version of the config is the base (e.g. main)')
    .option('--base-file <file>', 'a second definitions file as the base (no git needed)')
    .option('--as-of <time>', 'evaluate both as of this time (default: the latest event)')
    .addOption(formatOption(['table', 'csv', 'json']))
    .addOption(tableOption('diff'))
    .option('--limit <n>', 'changed actors to list', '50')
    .option('--exit-code', 'exit 1 when anything differs (for CI)')
    .action((opts: Options) => run(() => import('./commands/diff.js'), opts));

  resourceOptions(verbosityOptions(program.command('test')))
    .description('run declarative tests of the definitions (given these events, expect these statuses)')
    .argument('[files...]', 'test files or globs (default: milestones.tests.yaml next to the config)')
    .option('-c, --config <file>', 'definitions file', 'milestones.yaml')
    .addOption(formatOption(['text', 'json', 'github', 'junit']).default('text'))
    .action((files: string[], opts: Options) => run(() => import('./commands/test.js'), { ...opts, files }));

  resourceOptions(configOptions(program.command('report')))
    .description('write a self-contained HTML report (computing first when the results are stale)')
    .option('--as-of <time>', 'evaluate as of this time (default: the latest event)')
    .option(
      '-o, --output <file>',
      'file to write (default: milestones-report.html next to the config; "-": stdout)',
    )
    .addOption(outAlias())
    .action((opts: Options) =>
      run(() => import('./commands/report.js'), { ...opts, out: opts.output ?? opts.out }),
    );

  resourceOptions(configOptions(program.command('calibrate')))
    .description('outcome rates of milestone achievers vs others; event thresholds that predict it')
    .requiredOption('--outcome <spec>', 'event:NAME[:within=90d] or property:NAME (boolean account property)')
    .option('--observe <duration>', 'period after first_seen before the outcome is judged', '90d')
    .option('--candidates <events>', 'comma-separated events to try (default: the events the milestones use)')
    .option('--as-of <time>', 'evaluate as of this time (default: the latest event)')
    .addOption(formatOption(['table', 'csv', 'json']))
    .addOption(tableOption('calibrate'))
    .action((opts: Options) => run(() => import('./commands/calibrate.js'), opts));

  resourceOptions(configOptions(program.command('late')))
    .description('statuses as knowable at a past time against now: what late-arriving events changed')
    .requiredOption('--known-at <time>', 'what was knowable then: only events that had arrived by it')
    .option('--as-of <time>', 'evaluate both as of this time (default: --known-at)')
    .addOption(formatOption(['table', 'csv', 'json']))
    .addOption(tableOption('late'))
    .option('--limit <n>', 'changed actors to list', '50')
    .action((opts: Options) => run(() => import('./commands/late.js'), opts));

  resourceOptions(configOptions(program.command('export')))
    .description('write a warehouse table (e.g. milestone_status) to a file, atomically, or to stdout')
    .argument('<table>', 'milestone_status, milestone_history, milestone_journey, conversion_steps, ...')
    .option('-o, --output <file>', 'file to write (default: stdout)')
    .addOption(outAlias())
    .addOption(formatOption(['csv', 'parquet', 'json']))
    .action((table: string, opts: Options) =>
      run(() => import('./commands/export.js'), { ...opts, output: opts.output ?? opts.out, table }),
    );

  resourceOptions(configOptions(program.command('feed')))
    .description('write the milestone events and retractions published since the cursor, exactly once (cron)')
    .requiredOption('--cursor <file>', "the consumer's cursor file (created on the first run)")
    .requiredOption('-o, --output <file>', 'file to write, atomically')
    .addOption(formatOption(['csv', 'jsonl', 'parquet']))
    .action((opts: Options) => run(() => import('./commands/feed.js'), opts));

  return program;
}

/** Set to show the stack of an internal error (a bug); without it, one line. */
export const DEBUG_VARIABLE = 'MILESTONES_DEBUG';

/** Prints a user error with its diagnostics and hint; anything else is a bug. */
export function reportError(error: unknown): number {
  if (isBrokenPipe(error)) return EXIT_OK;
  if (error instanceof UserError) {
    for (const d of error.diagnostics) writeError(formatDiagnostic(d) + '\n');
    writeError(`${visible(where(error.location))}error: ${visible(error.message)}\n`);
    if (error.hint) writeError(`  hint: ${visible(error.hint)}\n`);
    return error.exitCode;
  }
  const debug = Boolean(process.env[DEBUG_VARIABLE]);
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = visible(text.split('\n')[0]?.trim() ?? '');
  const more = debug ? '' : ` (${DEBUG_VARIABLE}=1 shows the stack)`;
  writeError(
    `internal error: ${firstLine} -- This is a bug in milestones; please report it with the command you ran${more}.\n`,
  );
  if (debug && error instanceof Error && error.stack) writeError(`${error.stack}\n`);
  return EXIT_FAILURE;
}

export async function main(argv: string[]): Promise<number> {
  watchOutputStreams();
  let exitCode = 0;
  const program = buildProgram(async (load, options) => {
    try {
      setVerbosity(options);
      const command = await load();
      exitCode = await command.run(options);
    } catch (error) {
      exitCode = reportError(error);
    }
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? 0 : EXIT_FAILURE;
    }
    return reportError(error);
  }
  return exitCode;
}
