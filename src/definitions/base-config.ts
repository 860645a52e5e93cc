/**
 * The base definitions of `milestones diff`: the config file as it was at a
 * git revision (`--base REF`), or a second file (`--base-file PATH`), parsed
 * and checked like the working copy. Diagnostics of a git base are labelled
 * `REF:path:line:col` so that nobody edits the working file for them.
 *
 *   --base main, -c deploy/milestones.yaml (repo root /src/app)
 *   -> git -C /src/app/deploy rev-parse --show-toplevel     -> /src/app
 *      git -C /src/app show main:deploy/milestones.yaml     -> the text
 *      diagnostics: main:deploy/milestones.yaml:12:9 error[...]
 *
 * git runs with execFile (no shell); a REF that starts with "-" is refused
 * before it could be read as an option.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { EXIT_FAILURE, InvalidInputError, UserError, type Diagnostic } from '../errors.js';
import { parseDefinitions, readDefinitionsFile } from './load-definitions.js';
import type { Project } from './model.js';

const run = promisify(execFile);

/** The base's text and the name its diagnostics carry. */
export interface BaseSource {
  text: string;
  /** `REF:path` (path from the repository root) or the base file's path. */
  label: string;
}

const BASE_HINT = 'pass --base with a commit, branch or tag that has the config, or --base-file FILE';

/** git's own message (its last stderr line), or why git could not run. */
function gitMessage(error: unknown): string {
  const { code, stderr, message } = error as { code?: unknown; stderr?: string; message?: string };
  if (code === 'ENOENT') return 'git is not installed (or not on PATH)';
  const lines = (stderr ?? '').trim().split('\n').filter(Boolean);
  return lines.at(-1) ?? message ?? String(error);
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The config's path from the root of the repository that holds it, with forward slashes. */
async function repositoryPath(configPath: string): Promise<string> {
  const folder = dirname(configPath);
  let root: string;
  try {
    root = (await git(folder, ['rev-parse', '--show-toplevel'])).trim();
  } catch (error) {
    throw new UserError(
      `--base needs a git repository, and ${folder} is not in one: ${gitMessage(error)}`,
      EXIT_FAILURE,
      'compare with another file instead: --base-file FILE',
    );
  }
  // git prints the resolved root; resolve the config too so that symlinks and /tmp aliases agree.
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return relative(real(root), real(configPath)).split(sep).join('/');
}

/** The config file's text at git revision `ref`. Exit 2 with git's message when it cannot be read. */
export async function readConfigAtRef(ref: string, configPath: string): Promise<BaseSource> {
  if (ref === '' || ref.startsWith('-')) {
    throw new UserError(`--base "${ref}" is not a git revision`, EXIT_FAILURE, BASE_HINT);
  }
  const path = await repositoryPath(configPath);
  try {
    // `REF:./path` would be relative to cwd; a path from the root is unambiguous.
    const text = await git(dirname(configPath), ['show', `${ref}:${path}`]);
    return { text, label: `${ref}:${path}` };
  } catch (error) {
    throw new UserError(`cannot read ${path} at "${ref}": ${gitMessage(error)}`, EXIT_FAILURE, BASE_HINT);
  }
}

/** `--base-file PATH`: a second definitions file. */
export function readBaseFile(path: string): BaseSource {
  const absolute = resolve(path);
  return { text: readDefinitionsFile(absolute, '--base-file'), label: path };
}

/** The diagnostic located in the base's text, relabelled with the base's name. */
function relabel(d: Diagnostic, file: string, label: string): Diagnostic {
  return d.location?.file === file ? { ...d, location: { ...d.location, file: label } } : d;
}

/**
 * The base as a Project. It is parsed as if it were `configPath` (relative
 * paths resolve the same way, though diff reads no sources); errors are exit 1
 * with every diagnostic, labelled. Warnings are dropped: they describe the
 * old version, and the head's own warnings are printed.
 */
export function parseBase(base: BaseSource, configPath: string): Project {
  const { project, diagnostics } = parseDefinitions(base.text, configPath);
  if (project) return project;
  const labelled = diagnostics.map((d) => relabel(d, configPath, base.label));
  const errors = labelled.filter((d) => d.severity === 'error').length;
  throw new InvalidInputError(
    `${base.label}: ${errors} error${errors === 1 ? '' : 's'} in the base definitions`,
    labelled,
    'compare with another --base (or --base-file), or fix the definitions at that revision',
  );
}
