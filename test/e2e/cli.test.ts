import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../bin/milestones.js', import.meta.url).pathname;

describe('CLI usage errors', () => {
  it('exits 2 on an invalid option value of a subcommand (regression: was 1)', async () => {
    const result = await execa('node', [bin, 'validate', '--format', 'xml'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices are text, json, github/);
  });

  it('exits 2 on an unknown command', async () => {
    const result = await execa('node', [bin, 'frobnicate'], { reject: false });
    expect(result.exitCode).toBe(2);
  });

  it('exits 0 on --help', async () => {
    const result = await execa('node', [bin, '--help'], { reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/validate/);
  });

  it('README: load, compile and schema take no --format; schema takes no -c/--db', async () => {
    for (const args of [
      ['load', '--format', 'csv'],
      ['compile', '--format', 'csv'],
      ['schema', '--format', 'json'],
      ['schema', '-c', 'x.yaml'],
      ['schema', '--db', 'x.duckdb'],
    ]) {
      const result = await execa('node', [bin, ...args], { reject: false });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/unknown option/);
    }
  });
});
