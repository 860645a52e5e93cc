#!/usr/bin/env node
/**
 * Takes docs/report-screenshot.png: the top of a report at 800 px in
 * Debian's Chromium (playwright-core never downloads a browser).
 *
 *   node bin/milestones.js report -c milestones.example.yaml -o /tmp/report.html
 *   node docs/screenshot.js /tmp/report.html docs/report-screenshot.png
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, out] = process.argv.slice(2);
if (!file || !out) {
  console.error('usage: node docs/screenshot.js REPORT.html OUT.png');
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'milestones-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 800, height: 1000 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await context.newPage();
  await page.goto(pathToFileURL(resolve(file)).href);
  await page.screenshot({ path: out });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
