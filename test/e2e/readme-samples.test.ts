/**
 * The README's sample outputs are the program's real output: every block
 * marked `<!-- sample: ARGS -->` must equal `$ milestones ARGS` + its stdout
 * (the built CLI, `npm run build` first), so they cannot drift again
 * (`npm run readme:samples` rewrites them). One CLI run per sample, all in
 * one temp warehouse.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'readme-samples.js');

it('marks the README samples it checks', () => {
  // A check over no blocks would pass vacuously: the markers must be there.
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme.match(/<!-- sample: .+ -->\n```text\n\$ milestones /g)?.length ?? 0).toBeGreaterThanOrEqual(
    6,
  );
});

it('README samples match the CLI output', async () => {
  const result = await execa(process.execPath, [SCRIPT, '--check'], { cwd: ROOT, reject: false });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
}, 120_000);

it('--check fails on a stale sample, naming its line and both versions', async () => {
  // compile needs no warehouse: the cheapest real command to check against.
  const dir = mkdtempSync(join(tmpdir(), 'readme-stale-'));
  try {
    const md = join(dir, 'STALE.md');
    const args = 'compile -c milestones.example.yaml --milestone setup';
    writeFileSync(
      md,
      `# x\n\n<!-- sample: ${args} -->\n\`\`\`text\n$ milestones ${args}\nnot the output\n\`\`\`\n`,
    );
    const result = await execa(process.execPath, [SCRIPT, '--check', md], { cwd: ROOT, reject: false });
    expect(result.exitCode).toBe(1);
    // Line 6 of STALE.md is "not the output", the first line that differs.
    expect(result.stderr).toContain(`${md}:6: sample "${args}" differs`);
    expect(result.stderr).toContain('- not the output\n+ ');
    expect(readFileSync(md, 'utf8')).toContain('not the output'); // --check never writes
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
