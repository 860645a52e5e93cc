/**
 * The feed's output shape (docs/FEED.md): JSON lines with ISO 8601 UTC
 * instants ending in Z (a fraction only when the instant has one), in
 * sequence order; a missing cursor starts before the first event and is
 * created with the warehouse's identity.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runFeed } from '../../src/feed/run-feed.js';
import { compute, ev, milestone, project, warehouseWith } from '../statuses/harness.js';

it('writes JSON lines with Z instants, fractions kept, and creates the cursor', async () => {
  // a1: x at 10:00:00.250 and 11:00 -> completed 11:00; a2: x at 09:00 and 09:30:00.5 -> completed 09:30:00.5.
  const w = await warehouseWith([
    ['2026-01-02 10:00:00.250', 'a1', null, 'x'],
    ['2026-01-02 11:00:00', 'a1', null, 'x'],
    ['2026-01-02 09:00:00', 'a2', null, 'x'],
    ['2026-01-02 09:30:00.5', 'a2', null, 'x'],
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'milestones-feed-'));
  try {
    await compute(w, project([milestone('m', [ev('x', { atLeast: 2 })])]));
    const options = { cursor: join(dir, 'c.json'), output: join(dir, 'out.jsonl'), format: 'jsonl' as const };
    expect(await runFeed(w, options)).toEqual({ rows: 2, from: 0, to: 2, completed: false });
    const lines = readFileSync(options.output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // By instant: a2's completion (09:30:00.5) before a1's (11:00).
    expect(lines.map((l) => [l.seq, l.change, l.actor_id, l.ts, l.type])).toEqual([
      [1, 'published', 'a2', '2026-01-02T09:30:00.500000Z', 'milestone_completed'],
      [2, 'published', 'a1', '2026-01-02T11:00:00Z', 'milestone_completed'],
    ]);
    expect(String(lines[0]!.run_finished_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    const cursor = JSON.parse(readFileSync(options.cursor, 'utf8')) as Record<string, unknown>;
    const identity = await w.one<{ id: string }>('SELECT warehouse_id AS id FROM _warehouse_identity');
    // The mark names event 2's run: run 1, with its finish time.
    expect(cursor).toEqual({
      version: 1,
      warehouse: identity!.id,
      seq: 2,
      mark: expect.stringMatching(/^1@.+Z$/),
    });
  } finally {
    w.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
