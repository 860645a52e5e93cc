/**
 * A `where:` date or time against a TIMESTAMP property (events and
 * accounts) is read in the config's zone, as every date in the config is: a
 * date is the local day, a naive time wall-clock time there, an offset
 * exact (compiler/filters.ts). It had been cast as UTC and its offset
 * dropped: in New York, `gte: 2026-01-01` let in an account signed at
 * 21:00 on Dec 31 (found by review).
 */
import { expect, it } from 'vitest';
import { achievingByMilestone } from './achieving.js';

const CONFIG = `version: 1
timezone: America/New_York
sources:
  events:
    path: events.csv
    properties: {paid_at: TIMESTAMP}
  accounts:
    path: accounts.csv
    columns: {account_id: id}
    properties: {signed: TIMESTAMP}
milestones:
  - id: signed_2026
    criteria: [{event: e}]
    assign: {where: {signed: {gte: 2026-01-01}}}
  - id: paid_on_new_year
    criteria: [{event: e, where: {paid_at: {eq: 2026-01-01}}}]
  - id: paid_by_new_year
    criteria: [{event: e, where: {paid_at: {lte: 2026-01-01}}}]
  - id: paid_after_new_year
    criteria: [{event: e, where: {paid_at: {gt: 2026-01-01}}}]
  - id: paid_from_2pm_paris
    criteria: [{event: e, where: {paid_at: {gte: '2026-01-01T14:00:00+01:00'}}}]
  - id: paid_from_local_noon
    criteria: [{event: e, where: {paid_at: {gte: '2026-01-01T12:00:00'}}}]
`;

it('reads dates and times in where: in the config zone against TIMESTAMP properties', async () => {
  // Stored instants (the loader reads naive text in New York, UTC-5 in winter):
  //   x signed 2025-12-31 21:00 local = 2026-01-01 02:00Z; y 2026-01-01 01:00 local = 06:00Z.
  //   x paid 2025-12-31 21:00 local (02:00Z): Dec 31 in New York, Jan 1 in UTC.
  //   y paid 2026-01-01 08:00 local (13:00Z).
  //   z paid 2026-01-02 00:30 local (05:30Z): Jan 2 in New York, but before midnight+1 in UTC.
  const achieving = await achievingByMilestone(
    CONFIG,
    {
      'accounts.csv': 'id,signed\nx,2025-12-31 21:00:00\ny,2026-01-01 01:00:00\nz,\n',
      'events.csv':
        'ts,account_id,event,paid_at\n' +
        '2026-01-03 00:00:00,x,e,2025-12-31 21:00:00\n' +
        '2026-01-03 00:00:00,y,e,2026-01-01 08:00:00\n' +
        '2026-01-03 00:00:00,z,e,2026-01-02 00:30:00\n',
    },
    '2026-02-01 00:00:00',
  );
  expect(achieving).toEqual({
    // Signed from New York's Jan 1 (05:00Z): y only; x signed on Dec 31 there; z has no date.
    signed_2026: 'y',
    // Paid within New York's Jan 1 [05:00Z, Jan 2 05:00Z): y. (As UTC: x and y.)
    paid_on_new_year: 'y',
    // On or before New York's Jan 1, to its end: x and y. (As UTC midnight: nobody.)
    paid_by_new_year: 'x,y',
    // After New York's Jan 1 (from Jan 2 05:00Z): z.
    paid_after_new_year: 'z',
    // From 14:00+01:00 = 13:00Z: y (exactly 13:00Z) and z. (The offset dropped, 14:00Z: z only.)
    paid_from_2pm_paris: 'y,z',
    // From 12:00 New York = 17:00Z: z only. (As UTC, 12:00Z: y and z.)
    paid_from_local_noon: 'z',
  });
});
