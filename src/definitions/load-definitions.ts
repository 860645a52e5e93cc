/**
 * The definitions file in, a Project (or every problem found) out:
 * YAML with positions -> zod schema -> semantic checks -> normalised model.
 * All problems of a file are collected in one run; the project is only
 * built when there is no error.
 */
import { readFileSync } from 'node:fs';
import { EXIT_FAILURE, InvalidInputError, UserError, formatDiagnostic, type Diagnostic } from '../errors.js';
import { error, sortDiagnostics, toDiagnostic, type Finding } from './findings.js';
import type { Project } from './model.js';
import { toProject } from './normalise.js';
import { definitionsSchema, withoutExtensions } from './schema.js';
import { checkSemantics } from './semantic-checks.js';
import { rememberSource } from './setting-locations.js';
import { parseYaml, type YamlSource } from './yaml-source.js';
import { issuesToFindings } from './zod-issues.js';

export { topologicalOrder } from './graph.js';

export interface DefinitionsResult {
  /** Undefined when any diagnostic is an error. */
  project?: Project;
  diagnostics: Diagnostic[];
}

/** Drops repeats of the same problem at the same place (a schema and a semantic check may both see it). */
function unique(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.location?.line}:${d.location?.col}:${d.code}:${d.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

type Inspection = { result: DefinitionsResult; source: YamlSource };

/** The result and the parsed YAML, for callers that add their own checks (validate's warehouse check). */
export function inspectDefinitions(text: string, file: string): Inspection {
  const source = parseYaml(text, file);
  const done = (result: DefinitionsResult): Inspection => ({ result, source });
  if (source.syntaxErrors.length > 0) return done({ diagnostics: unique(source.syntaxErrors) });
  const data: unknown = withoutExtensions(source.data);
  if (data === null || data === undefined) {
    const hint = 'start with version: 1, then sources: and milestones:';
    return done({
      diagnostics: [toDiagnostic(error('empty-file', 'the definitions file is empty', [], hint), source)],
    });
  }
  const parsed = definitionsSchema.safeParse(data);
  const findings: Finding[] = parsed.success
    ? []
    : issuesToFindings(parsed.error.issues, definitionsSchema, data);
  findings.push(...checkSemantics(data));
  const diagnostics = unique(sortDiagnostics(findings.map((f) => toDiagnostic(f, source))));
  if (!parsed.success || diagnostics.some((d) => d.severity === 'error')) return done({ diagnostics });
  const project = toProject(parsed.data, file);
  rememberSource(project, source);
  return done({ project, diagnostics });
}

/** Pure: parses and checks `text`; `file` names it in locations and anchors relative paths. */
export function parseDefinitions(text: string, file: string): DefinitionsResult {
  return inspectDefinitions(text, file).result;
}

/**
 * The file's text; a missing or unreadable file is a usage error (exit 2).
 * `option`: the flag that named it, for the hint (`diff --base-file`).
 */
export function readDefinitionsFile(configPath: string, option = '-c'): string {
  try {
    return readFileSync(configPath, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UserError(
        `definitions file not found: ${configPath}`,
        EXIT_FAILURE,
        option === '-c'
          ? 'pass -c FILE, or create milestones.yaml in this folder (see docs/LANGUAGE.md)'
          : `pass ${option} with an existing definitions file`,
      );
    }
    const reason = code === 'EISDIR' ? 'it is a folder' : (cause as Error).message;
    throw new UserError(
      `cannot read ${configPath}: ${reason}`,
      EXIT_FAILURE,
      `pass ${option} FILE with a YAML file`,
    );
  }
}

export function loadDefinitions(configPath: string): DefinitionsResult {
  return parseDefinitions(readDefinitionsFile(configPath), configPath);
}

export interface LoadOptions {
  /** Where warnings go when the definitions are valid; default stderr. */
  onWarnings?: (warnings: Diagnostic[]) => void;
}

const printWarnings = (warnings: Diagnostic[]): void => {
  for (const w of warnings) process.stderr.write(formatDiagnostic(w) + '\n');
};

/** The project, or InvalidInputError (exit 1) carrying every diagnostic. */
export function loadProject(configPath: string, options: LoadOptions = {}): Project {
  const { project, diagnostics } = loadDefinitions(configPath);
  if (!project) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    throw new InvalidInputError(
      `${configPath}: ${errors} error${errors === 1 ? '' : 's'} in the definitions`,
      diagnostics,
      `fix them and check with: milestones validate -c ${configPath}`,
    );
  }
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length > 0) (options.onWarnings ?? printWarnings)(warnings);
  return project;
}
