/**
 * Opens a local HTML file in Debian's Chromium (the `chromium` package)
 * through playwright-core, which never downloads a browser. The network is
 * closed and the profile is a fresh temp folder, removed afterwards.
 * Test helper, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs `look` on the page at this viewport width; returns its result and the page's console errors. */
export async function openInChromium<T>(
  file: string,
  width: number,
  look: (page: Page) => Promise<T>,
  screenshot?: { path: string; height: number },
): Promise<{ result: T; errors: string[] }> {
  const profile = mkdtempSync(join(tmpdir(), 'milestones-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width, height: screenshot?.height ?? 900 },
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(pathToFileURL(file).href);
    const result = await look(page);
    if (screenshot) await page.screenshot({ path: screenshot.path });
    return { result, errors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
