/**
 * User names and values reach SQL only through the quoting helper: an event
 * name, a property name (typed column and JSON key), a filter value and an
 * account id made of quotes and a DROP TABLE round-trip unharmed.
 */
import { expect, it } from 'vitest';
import { compute, ev, milestone, project, statuses, warehouseWith, type EventRow } from './harness.js';

const nasty = `"';DROP TABLE x;--`;

it('round-trips names and values made of quotes', async () => {
  const w = await warehouseWith([], { eventColumns: `"${nasty.replaceAll('"', '""')}" VARCHAR` });
  await w.run('CREATE TABLE x (keep INTEGER)');
  // Two events named `nasty` for the account `nasty`: one whose typed column and JSON key
  // `nasty` both equal `nasty`, one that matches neither filter.
  await w.run(
    `INSERT INTO events (ts, account_id, event, properties, "${nasty.replaceAll('"', '""')}") VALUES (?, ?, ?, ?, ?)`,
    ['2026-01-01 00:00:00', nasty, nasty, JSON.stringify({ [nasty]: nasty }), nasty],
  );
  await w.run(`INSERT INTO events (ts, account_id, event, properties) VALUES (?, ?, ?, ?)`, [
    '2026-01-02 00:00:00',
    nasty,
    nasty,
    '{}',
  ]);
  const where = (property: string) => [{ property, op: 'eq' as const, value: nasty, negate: false }];
  const p = project([
    milestone('typed', [ev(nasty, { where: where(nasty) })]),
    milestone('twice', [ev(nasty, { atLeast: 2 })]),
  ]);
  await compute(w, p);
  const s = await statuses(w);
  // The filter on the typed column matches the first event only.
  expect(s[`typed/${nasty}`]?.completed_at).toBe('2026-01-01 00:00:00');
  expect(s[`twice/${nasty}`]?.completed_at).toBe('2026-01-02 00:00:00');
  // The JSON key of the same name, on a table without that column.
  await w.run(`ALTER TABLE events DROP COLUMN "${nasty.replaceAll('"', '""')}"`);
  await compute(w, p);
  expect((await statuses(w))[`typed/${nasty}`]?.completed_at).toBe('2026-01-01 00:00:00');
  expect(await w.tableExists('x')).toBe(true);
  w.close();
});

/**
 * JSON keys reach DuckDB literally (issue 8, item 4): with a `$."key"` path,
 * `*` was a wildcard (compute failed) and a key with a tab never matched.
 * One event per key carries that key only, with the value `hit`; a
 * milestone filtering `{key: hit}` must complete on exactly that event's
 * account, and on no other (each account's event has a different key).
 */
it('reads JSON property keys literally, whatever they contain', async () => {
  const keys = [
    '*',
    'a.b',
    'a"b',
    't\tb',
    '$',
    '[0]',
    "'",
    '"',
    'é😀',
    'a/b',
    '~',
    '~1',
    '',
    ' x',
    'a\\b',
    '$.x',
  ];
  // Also a key `a` holding {b: hit}: `a.b` must not read it as a nested path.
  const events = keys.map((key, i): EventRow => [
    `2026-01-0${1 + (i % 9)} 00:00:00`,
    `acct${i}`,
    null,
    'e',
    { [key]: 'hit' },
  ]);
  events.push(['2026-01-01 00:00:00', 'nested', null, 'e', { a: { b: 'hit' }, '[0]': 'x' }]);
  const w = await warehouseWith(events);
  const where = (property: string) => [{ property, op: 'eq' as const, value: 'hit', negate: false }];
  const p = project(keys.map((key, i) => milestone(`m${i}`, [ev('e', { where: where(key) })])));
  await compute(w, p);
  const s = await statuses(w);
  keys.forEach((key, i) => {
    const achieved = Object.entries(s)
      .filter(([k, v]) => k.startsWith(`m${i}/`) && v.completed_at !== null)
      .map(([k]) => k.slice(`m${i}/`.length));
    expect(achieved, `key ${JSON.stringify(key)}`).toEqual([`acct${i}`]);
  });
  w.close();
});
