/** The CX metrics table: NPS counts and CSAT/CES shares in their own columns; no sentiment when none. */
import { describe, expect, it } from 'vitest';
import { metricRows } from '../../src/commands/cx-view.js';

const nps = {
  cx_id: 'nps',
  milestone_id: null,
  metric: 'nps',
  responses: 21n,
  nps: 14.2857,
  promoters: 9n,
  passives: 6n,
  detractors: 6n,
  top_two_box: null,
  rejected: 1n,
  positive: 8n,
  neutral: 5n,
  negative: 6n,
};
const csat = {
  cx_id: 'csat',
  milestone_id: 'setup',
  metric: 'csat',
  responses: 20n,
  mean: 3.9,
  scale: 5,
  promoters: null,
  passives: null,
  detractors: null,
  top_two_box: 0.7,
  rejected: 1n,
  positive: 0n,
  neutral: 0n,
  negative: 0n,
};

describe('the cx metrics table', () => {
  it('splits the breakdown into counts (NPS) and a share (CSAT, CES)', () => {
    const [n, c] = metricRows([nps, csat], 'table');
    expect(n).toMatchObject({ score: '+14.3', promoters: 9n, passives: 6n, detractors: 6n, 'top-2-box': '' });
    expect(c).toMatchObject({ score: '3.90 / 5', promoters: '', detractors: '', 'top-2-box': '70.0%' });
    expect(Object.keys(n!)).not.toContain('breakdown');
  });

  it('shows sentiment counts only when some response carried one', () => {
    const [n, c] = metricRows([nps, csat], 'table');
    expect(n!.sentiment).toBe('+8 =5 -6');
    expect(c!.sentiment).toBe(''); // was "+0 =0 -0"
  });

  it('leaves CSV and JSON rows as stored', () => {
    expect(metricRows([csat], 'csv')).toEqual([csat]);
  });
});
