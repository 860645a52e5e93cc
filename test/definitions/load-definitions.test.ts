import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefinitions, loadProject } from '../../src/definitions/load-definitions.js';
import {
  EXIT_FAILURE,
  EXIT_INVALID,
  InvalidInputError,
  UserError,
  type Diagnostic,
} from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

const temp = () => tempDir('milestones-defs-');

describe('loadDefinitions', () => {
  it('a missing file is a usage error (exit 2) with a hint', () => {
    const missing = path.join(temp(), 'nope.yaml');
    expect(() => loadDefinitions(missing)).toThrow(UserError);
    try {
      loadDefinitions(missing);
    } catch (error) {
      expect(error).toMatchObject({
        exitCode: EXIT_FAILURE,
        message: `definitions file not found: ${missing}`,
      });
      expect((error as UserError).hint).toMatch(/-c FILE/);
    }
  });

  it('a folder is a usage error too', () => {
    expect(() => loadDefinitions(temp())).toThrow(/it is a folder/);
  });

  it('reads the file and resolves paths against its folder', () => {
    const dir = temp();
    const file = path.join(dir, 'm.yaml');
    writeFileSync(file, 'sources: {events: {path: e.csv}}\n');
    expect(loadDefinitions(file).project?.sources.events?.paths).toEqual([path.join(dir, 'e.csv')]);
  });

  it('loads the shared valid fixture without diagnostics', () => {
    const file = new URL('../fixtures-defs/valid.yaml', import.meta.url).pathname;
    const result = loadDefinitions(file);
    expect(result.diagnostics).toEqual([]);
    expect(result.project?.milestones.map((m) => m.id)).toEqual(['user_activated', 'setup', 'activated']);
  });
});

describe('loadProject', () => {
  it('throws InvalidInputError (exit 1) carrying every diagnostic', () => {
    const file = new URL('../fixtures-defs/five-mistakes.yaml', import.meta.url).pathname;
    try {
      loadProject(file);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).exitCode).toBe(EXIT_INVALID);
      expect((error as InvalidInputError).diagnostics).toHaveLength(5);
      expect((error as Error).message).toMatch(/5 errors/);
    }
  });

  it('returns the project and hands warnings over', () => {
    const dir = temp();
    const file = path.join(dir, 'm.yaml');
    writeFileSync(file, 'milestones: [{id: a, criteria: [{event: x, at_least: 1.5}]}]\n');
    const seen: Diagnostic[] = [];
    const project = loadProject(file, { onWarnings: (w) => seen.push(...w) });
    expect(project.milestones[0]!.id).toBe('a');
    expect(seen.map((d) => d.code)).toEqual(['fractional-threshold']);
    expect(readFileSync(file, 'utf8')).toContain('at_least: 1.5'); // untouched
  });
});
