/**
 * The package as a user gets it: a fresh, unbuilt copy of the repository
 * (tracked and new files, no dist/) is packed with `npm pack` (its prepack
 * script builds), the tarball is installed in an empty folder, and
 * `npx milestones init --events`, `validate` and `compute` run there. Slow
 * (a TypeScript build and an npm install): its own timeout. Skipped, saying
 * so, when npm is not available.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

const npmVersion = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const npmMissing = npmVersion.status !== 0;
if (npmMissing)
  console.warn('package.test.ts: SKIPPED, npm is not available to pack and install the package');

/** The environment without npm's own variables: a test run by `npm test` must not steer the nested npm. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
const run = (command: string, args: string[], cwd: string) =>
  execa(command, args, { cwd, env: { ...env, NO_COLOR: '1' }, extendEnv: false, reject: false });

/** A fresh clone as it would be: the tracked and new files, nothing built, node_modules borrowed. */
function freshCopy(into: string): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0')) {
    if (file === '' || file === 'node_modules' || !existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(into, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(into, file));
  }
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(into, 'node_modules'));
}

let work: string | undefined;
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

// Three stages, one test each (they run in order and share `work`), so that each
// stays well under its own limit on a busy machine and a failure names its stage.
describe.sequential.skipIf(npmMissing)('the npm package', () => {
  let tarball = '';
  let app = '';

  it('packs from an unbuilt clone (prepack builds dist/)', async () => {
    work = mkdtempSync(join(tmpdir(), 'milestones-e2e-package-'));
    const clone = join(work, 'clone');
    app = join(work, 'app');
    freshCopy(clone);
    expect(existsSync(join(clone, 'dist'))).toBe(false);

    const pack = await run('npm', ['pack', '--pack-destination', work, '--silent'], clone);
    expect(pack.exitCode, pack.stderr).toBe(0);
    tarball = join(work, pack.stdout.trim().split('\n').at(-1)!);
  }, 120_000);

  it('installs the tarball with what the README and the hints promise', async () => {
    expect(tarball).not.toBe('');
    mkdirSync(app);
    copyFileSync(join(ROOT, 'fixtures', 'events.csv'), join(app, 'events.csv'));
    writeFileSync(join(app, 'package.json'), '{"name": "app", "private": true}\n');
    const install = await run(
      'npm',
      ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      app,
    );
    expect(install.exitCode, install.stderr).toBe(0);
    const installed = join(app, 'node_modules', 'milestones');
    // What the README and the hints promise an installed user.
    for (const file of [
      'dist/cli.js',
      'LICENSE',
      'docs/LANGUAGE.md',
      'schema/milestones.schema.json',
      'milestones.example.yaml',
      'fixtures/events.csv',
    ]) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
  }, 120_000);

  it('runs init, validate and compute from the installed package', async () => {
    expect(existsSync(join(app, 'node_modules', 'milestones', 'dist', 'cli.js'))).toBe(true);
    const init = await run('npx', ['--no', 'milestones', 'init', '--events', 'events.csv'], app);
    expect(init.exitCode, init.stderr).toBe(0);
    const validate = await run('npx', ['--no', 'milestones', 'validate'], app);
    expect(validate.exitCode, validate.stderr).toBe(0);
    const compute = await run('npx', ['--no', 'milestones', 'compute', '--format', 'csv'], app);
    expect(compute.exitCode, compute.stderr).toBe(0);
    // The fixtures' 7 accounts each have a report_created (the most frequent event).
    expect(compute.stdout.split('\n')[1]).toMatch(/^active,account,7,7,/);
  });
});
