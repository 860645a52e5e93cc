/**
 * Where a project's settings are in its config file, for problems found
 * after the definitions were loaded (a mapped column missing from a file, a
 * source path matching nothing): the loader names the setting
 * (`sources.events.properties.amount`), and this finds its line and column,
 * so that those errors point into the config as validate's do.
 *
 *   settingLocation(project, 'sources.events.properties.amount') -> {file: 'm.yaml', line: 9, col: 23}
 */
import type { Diagnostic, SourceLocation, UserError } from '../errors.js';
import type { Project } from './model.js';
import type { YamlSource } from './yaml-source.js';

const sources = new WeakMap<Project, YamlSource>();

/** Called by the definitions loader for each project it builds from a file. */
export function rememberSource(project: Project, source: YamlSource): void {
  sources.set(project, source);
}

/** The setting's place in the config (numbers in the dotted path are list indexes). */
export function settingLocation(project: Project, setting: string): SourceLocation | undefined {
  const source = sources.get(project);
  if (!source) return undefined;
  const path = setting.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return source.locate(path);
}

/** Gives the error, and each of its diagnostics, the location of the setting it names. */
export function locateSettings(project: Project, error: UserError): UserError {
  const locate = (item: UserError | Diagnostic) => {
    if (item.setting !== undefined && item.location === undefined) {
      const location = settingLocation(project, item.setting);
      if (location) item.location = location;
    }
  };
  locate(error);
  error.diagnostics.forEach(locate);
  return error;
}
