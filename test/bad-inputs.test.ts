/**
 * The bad-inputs corpus: one folder per case under test/bad-inputs/ (format in
 * its README). Each case runs the built CLI in a copy of its folder and checks
 * the exit code, message fragments, and that no stack trace leaks.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'milestones.js');
const CORPUS = join(ROOT, 'test', 'bad-inputs');

interface Step {
  sh?: string;
  milestones?: string[];
  exit?: number;
}

interface Case {
  description: string;
  example?: boolean;
  setup?: Step[];
  run: string[];
  exit: number;
  stderr?: string[];
  stderr_absent?: string[];
  stdout?: string[];
  stdout_empty?: boolean;
  absent?: string[];
  timeout?: number;
}

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

function readCases(): [string, Case][] {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => [name, parse(readFileSync(join(CORPUS, name, 'case.yaml'), 'utf8')) as Case]);
}

const cli = (cwd: string, args: string[], timeout: number) =>
  execa('node', [BIN, ...args], { cwd, reject: false, timeout, env: { NO_COLOR: '1' } });

const dirs: string[] = [];
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('run `npm run build` before the e2e tests');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function prepare(name: string, spec: Case): string {
  const dir = mkdtempSync(join(tmpdir(), `milestones-bad-${name}-`));
  dirs.push(dir);
  cpSync(join(CORPUS, name), dir, { recursive: true });
  if (spec.example) {
    cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
    cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.example.yaml'));
  }
  return dir;
}

async function runSetup(dir: string, steps: Step[], timeout: number): Promise<void> {
  for (const step of steps) {
    if (step.sh !== undefined) {
      const result = await execa('bash', ['-c', step.sh], { cwd: dir, reject: false, timeout });
      expect(result.exitCode, `setup \`${step.sh}\`: ${result.stderr}`).toBe(0);
    } else if (step.milestones !== undefined) {
      const result = await cli(dir, step.milestones, timeout);
      expect(result.exitCode, `setup milestones ${step.milestones.join(' ')}: ${result.stderr}`).toBe(
        step.exit ?? 0,
      );
    }
  }
}

describe('bad inputs corpus', () => {
  const cases = readCases();
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));

  for (const [name, spec] of cases) {
    const timeout = spec.timeout ?? 30_000;
    it(`${name}: ${spec.description}`, { timeout: timeout * 2 }, async () => {
      const dir = prepare(name, spec);
      await runSetup(dir, spec.setup ?? [], timeout);
      const result = await cli(dir, spec.run, timeout);
      const context = `stderr:\n${result.stderr}\nstdout:\n${result.stdout.slice(0, 2000)}`;
      expect(result.exitCode, context).toBe(spec.exit);
      for (const fragment of spec.stderr ?? []) expect(result.stderr, context).toContain(fragment);
      for (const fragment of spec.stderr_absent ?? []) expect(result.stderr, context).not.toContain(fragment);
      for (const fragment of spec.stdout ?? []) expect(result.stdout, context).toContain(fragment);
      if (spec.stdout_empty) expect(result.stdout, context).toBe('');
      expect(result.stderr, context).not.toMatch(STACK_LINE);
      expect(result.stderr, context).not.toMatch(/internal error/i);
      for (const path of spec.absent ?? []) expect(existsSync(join(dir, path)), `${path} exists`).toBe(false);
    });
  }
});
