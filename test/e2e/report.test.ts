/**
 * `milestones report` end to end: the built CLI (`npm run build` first) on
 * milestones.example.yaml and fixtures/, copied to a temp folder. Expected
 * numbers are the hand-checked ones of fixtures/README.md.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'milestones.js');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'milestones-e2e-report-'));
  cpSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
  cpSync(join(ROOT, 'milestones.example.yaml'), join(dir, 'milestones.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  execa('node', [BIN, ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });

const REPORT = () => join(dir, 'milestones-report.html');

describe('milestones report', () => {
  it('computes, then writes milestones-report.html next to the config, naming every milestone and conversion', async () => {
    const result = await cli('report');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const page = readFileSync(REPORT(), 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const name of [
      'Setup',
      'Activated',
      'Utilization',
      'Maturity',
      'Product-qualified lead',
      'Customer',
      'Expansion',
      'User activated',
      'Trial to customer',
      'Demo to customer',
      'Lifecycle',
    ]) {
      expect(page).toContain(`${name} <code>`);
    }
    // fixtures/README.md: 8 accounts, 30 contacts, 221 events in events.csv.
    expect(page).toContain('<dt>Accounts</dt><dd>8</dd>');
    expect(page).toContain('<dt>Contacts</dt><dd>30</dd>');
    expect(page).toContain('<dt>Events</dt><dd>221</dd>');
    // T is the latest event, acme's last page view (fixtures/README.md): 2026-05-01T03:59:59Z.
    expect(page).toContain('As of <time datetime="2026-05-01T03:59:59Z">');
    // setup: 6 of 8 accounts achieving (fixtures/README.md, aggregates per milestone) = 75.0%.
    expect(page).toContain(
      '<a href="#milestone-setup">Setup <code>setup</code></a></td><td>account</td><td class="n">8</td><td class="n">6 (75.0%)</td>',
    );
    // trial_to_customer by segment (fixtures/README.md): enterprise acme (converted) and hooli (reached
    // checkout) 2 / 2 / 1, 1 of 2 = 50.0%; mid globex (converted) and umbrella (setup only) 2 / 1 / 1, 50.0%;
    // smb initech 1 / 1 / 1, 100.0% (wonka voided, stark never set up). Nobody in progress.
    expect(page).toContain(
      '<h4>By segment</h4>\n<table>\n<thead><tr><th>segment</th><th class="n">1 setup</th><th class="n">2 checkout_started</th><th class="n">3 customer</th><th class="n">in progress</th><th class="n">overall</th></tr></thead>\n<tbody>\n' +
        '<tr><td>enterprise</td><td class="n">2</td><td class="n">2</td><td class="n">1</td><td class="n">0</td><td class="n">50.0%</td></tr>\n' +
        '<tr><td>mid</td><td class="n">2</td><td class="n">1</td><td class="n">1</td><td class="n">0</td><td class="n">50.0%</td></tr>\n' +
        '<tr><td>smb</td><td class="n">1</td><td class="n">1</td><td class="n">1</td><td class="n">0</td><td class="n">100.0%</td></tr>\n',
    );
    // umbrella's utilization: lost 03-01, regained 04-11; hooli's lost 04-08 (fixtures/README.md).
    expect(page).toMatch(/<td>2026-03<\/td>[^\n]*<title>1 lost<\/title>/);
    // CX scores in the config's order: nps, csat, ces, each with its overall row first, then
    // setup, activated, customer. NPS over all 22 responses: +14.3 (fixtures/README.md "Survey").
    const scores = [...page.matchAll(/<tr><td>(nps|csat|ces)<\/td><td>([^<]+)<\/td>/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(scores.slice(0, 5)).toEqual([
      'nps (all)',
      'nps setup',
      'nps activated',
      'nps customer',
      'csat (all)',
    ]);
    expect(page).toContain(
      '<td>nps</td><td>(all)</td><td>NPS</td><td>10</td><td class="n">21</td><td class="n">1</td>',
    );
    // The journey's last stage has no next stage to exit to: exited shows "—", not 0.
    expect(page).toContain(
      '<tr><td>lifecycle</td><td class="n">4</td><td>maturity</td><td class="n">2</td><td class="n">—</td><td class="n">—</td>',
    );
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives the same bytes on a second run, and the same HTML on stdout with -o -', async () => {
    const first = readFileSync(REPORT());
    const again = await cli('report');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(readFileSync(REPORT()).equals(first)).toBe(true);
    const stdout = await cli('report', '-o', '-');
    expect(stdout.exitCode, stdout.stderr).toBe(0);
    expect(stdout.stdout + '\n').toBe(first.toString('utf8')); // execa strips the final newline
  });

  it('fails with exit 2 and writes nothing when the output folder does not exist', async () => {
    const before = readdirSync(dir).sort();
    const result = await cli('report', '-o', join('no', 'such', 'folder', 'r.html'));
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot write the report to .*r\.html: the folder .* does not exist/);
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'no'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('fails with exit 2 when the output is a folder, and on a bad --as-of', async () => {
    const folder = await cli('report', '-o', 'fixtures');
    expect(folder.exitCode).toBe(2);
    expect(folder.stderr).toMatch(/is a folder/);
    const asOf = await cli('report', '--as-of', 'yesterday-ish', '-o', '-');
    expect(asOf.exitCode).toBe(2);
    expect(asOf.stdout).toBe('');
  });
});
