/**
 * The renderers, pure: hand-made data in, HTML out. Expected figures are
 * worked out from the data in each test (comments beside the assertions).
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/render-report.js';
import { historyTable, statusBar } from '../../src/report/milestones.js';
import { journeyTable } from '../../src/report/journeys.js';
import { renderCx } from '../../src/report/cx.js';
import { pathsTable } from '../../src/report/travelers.js';
import { breakdownTable } from '../../src/report/breakdowns.js';
import type {
  BreakdownReport,
  ConversionReport,
  MilestoneReport,
  ReportData,
} from '../../src/report/types.js';

const HOSTILE = `<script>alert('x')</script>&"`;

const sample = (ids: string[], total: bigint) => ({ ids, total });

function milestone(overrides: Partial<MilestoneReport> = {}): MilestoneReport {
  return {
    id: 'setup',
    name: 'Setup',
    level: 'account',
    assigned: 8n,
    counts: { achieving: 6n, not_achieving: 0n, never_achieved: 1n, not_started: 1n },
    deadlineMissed: 2n,
    meanProgress: 81.25,
    months: [
      { month: '2026-01', completed: 4n, lost: 0n, regained: 0n },
      { month: '2026-02', completed: 2n, lost: 1n, regained: 1n },
    ],
    samples: {
      achieving: sample(['acme', 'globex'], 6n),
      not_achieving: sample([], 0n),
      never_achieved: sample(['wonka'], 1n),
      not_started: sample(['wayne'], 1n),
    },
    ...overrides,
  };
}

const conversion: ConversionReport = {
  id: 'trial',
  name: 'Trial',
  unit: 'account',
  hasRevenue: false,
  steps: [
    {
      step: 1,
      name: 'setup',
      reached: 4n,
      inProgress: 1n,
      stepRate: null,
      overallRate: 1,
      secondsMean: null,
      secondsMedian: null,
      secondsP90: null,
    },
    {
      step: 2,
      name: 'paid',
      reached: 1n,
      inProgress: 0n,
      stepRate: 1 / 3,
      overallRate: 1 / 3,
      secondsMean: 129_600,
      secondsMedian: 129_600,
      secondsP90: 164_160,
    },
  ],
  touchpoints: [
    {
      position: 1,
      touchpoint: 'demo',
      convertedWith: 1n,
      notConvertedWith: 1n,
      rateWith: 0.5,
      rateWithout: 1,
      lift: -0.5,
      secondsMean: 172_800,
      secondsMedian: 172_800,
    },
  ],
  credits: [
    { model: 'linear', position: 1, touchpoint: 'demo', credit: 1 / 3, revenue: null },
    { model: 'linear', position: 2, touchpoint: 'pricing', credit: 1 / 3, revenue: null },
    { model: 'linear', position: null, touchpoint: '(none)', credit: 1 / 3, revenue: null },
    { model: 'first_touch', position: 1, touchpoint: 'demo', credit: 1, revenue: null },
    { model: 'first_touch', position: 2, touchpoint: 'pricing', credit: 0, revenue: null },
    { model: 'first_touch', position: null, touchpoint: '(none)', credit: 0, revenue: null },
  ],
};

function report(overrides: Partial<ReportData> = {}): ReportData {
  return {
    project: 'milestones.yaml',
    asOf: '2026-05-01T03:59:59Z',
    timezone: 'America/New_York',
    totals: {
      accounts: 8n,
      contacts: 30n,
      events: 1_221n,
      firstEvent: '2026-01-05T14:10:00Z',
      lastEvent: '2026-05-01T03:59:59Z',
    },
    milestones: [milestone()],
    journeys: [
      {
        id: 'lifecycle',
        name: 'Lifecycle',
        stages: [
          { index: 0, stage: '(none)', accounts: 1n },
          { index: 1, stage: 'setup', accounts: 3n },
        ],
      },
    ],
    conversions: [conversion],
    ...overrides,
  };
}

describe('renderReport', () => {
  it('is one self-contained document: no script, no external resource, the same bytes twice', () => {
    const page = renderReport(report());
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.endsWith('</html>\n')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img| src=|href="http|url\(/i);
    expect(renderReport(report())).toBe(page);
  });

  it('escapes every user-provided string: project, names, ids, topics', () => {
    const page = renderReport(
      report({
        project: HOSTILE,
        milestones: [
          milestone({
            id: HOSTILE,
            name: HOSTILE,
            samples: { ...milestone().samples, achieving: sample([HOSTILE], 1n) },
          }),
        ],
        journeys: [{ id: HOSTILE, name: HOSTILE, stages: [{ index: 1, stage: HOSTILE, accounts: 1n }] }],
        conversions: [
          { ...conversion, id: HOSTILE, name: HOSTILE, steps: [{ ...conversion.steps[0]!, name: HOSTILE }] },
        ],
        cxTopics: [
          {
            cxId: HOSTILE,
            milestoneId: HOSTILE,
            topic: HOSTILE,
            responses: 1n,
            positive: 1n,
            neutral: 0n,
            negative: 0n,
          },
        ],
        paths: [{ journeyId: HOSTILE, previousId: HOSTILE, milestoneId: HOSTILE, nextId: null, actors: 1n }],
      }),
    );
    expect(page).not.toContain('<script');
    expect(page).not.toContain(`'x'`);
    expect(page).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;');
  });

  it('shows the header facts and links only to the sections present', () => {
    const page = renderReport(report());
    expect(page).toContain('<dd>1,221</dd>'); // events, grouped
    expect(page).toContain('2026-01-05T14:10:00Z – 2026-05-01T03:59:59Z');
    expect(page).toContain('<a href="#conversions">');
    // No cx_* or journey_* tables: those sections and their links are left out.
    expect(page).not.toContain('id="cx"');
    expect(page).not.toContain('href="#travelers"');
  });

  it('renders CX and travelers once their tables exist, even when empty', () => {
    const page = renderReport(report({ cxMetrics: [], travelers: [] }));
    expect(page).toContain('<section id="cx">');
    expect(page).toContain('<section id="travelers">');
    expect(page).toContain('No responses.');
    expect(page).not.toContain('<h3>Topics'); // cx_topics absent
  });
});

describe('milestones section', () => {
  it('prints count and share per status and sizes the stacked bar by them', () => {
    const page = renderReport(report());
    expect(page).toContain('6 (75.0%)'); // 6 of 8 achieving
    expect(page).toContain('1 (12.5%)'); // 1 of 8 never achieved, 1 of 8 not started
    expect(page).toContain('81.3%'); // mean progress 81.25, one decimal
    const bar = statusBar(milestone()).text;
    // 240 px wide: achieving 6/8 = 180, never 1/8 = 30 from x = 180, not started 30 from x = 210.
    expect(bar).toContain('x="0.0" y="0" width="180.0" height="14" fill="#2e7d32"');
    expect(bar).toContain('x="180.0" y="0" width="30.0"');
    expect(bar).toContain('x="210.0" y="0" width="30.0"');
    expect(bar).not.toContain('#ef6c00'); // nobody not achieving: no empty segment
  });

  it('draws the months on one scale: the largest count of the milestone is a full bar', () => {
    const table = historyTable(milestone().months).text;
    // max = 4 (January completed): 4/4 of 80 px, then 2/4 = 40 px, 1/4 = 20 px.
    expect(table).toContain('width="80.0" height="10" fill="#2e7d32"><title>4 completed</title>');
    expect(table).toContain('width="40.0" height="10" fill="#2e7d32"><title>2 completed</title>');
    expect(table).toContain('width="20.0" height="10" fill="#c62828"><title>1 lost</title>');
    expect(historyTable([]).text).toContain('No completions');
  });

  it('lists the sampled ids and says how many more there are', () => {
    const page = renderReport(report());
    expect(page).toContain('achieving (6): acme, globex … and 4 more'); // 6 in all, 2 listed
    expect(page).toContain('never achieved (1): wonka</li>');
  });
});

describe('journeys, conversions, CX, paths', () => {
  it('shares a journey stage of all its accounts', () => {
    const table = journeyTable(report().journeys[0]!, new Map([['setup', 'Setup']])).text;
    expect(table).toContain('75.0%'); // 3 of 4 accounts at setup
    expect(table).toContain('width="120.0"'); // 3/4 of 160 px
    expect(table).toContain('Setup <code>setup</code>');
  });

  it('prints the funnel with rates and human times, and credits that add up per model', () => {
    const page = renderReport(report());
    expect(page).toContain('4 entered, 1 converted (33.3% of those settled), 1 in progress');
    expect(page).toContain('1.5 d'); // 129 600 s = 1.5 x 86 400
    expect(page).toContain('1.9 d'); // p90 164 160 s = 1.9 d
    expect(page).toContain('-50.0%'); // lift
    // linear: thirds of 1 by largest remainder -> 0.34 + 0.33 + 0.33 = 1.00; (none) last.
    expect(page).toMatch(/<td>demo<\/td><td class="n">1.00<\/td><td class="n">0.34<\/td>/);
    expect(page).toMatch(
      /<td>\(none\)<\/td><td class="n">0.00<\/td><td class="n">0.33<\/td><\/tr>\n<\/tbody>/,
    );
    expect(page.indexOf('<th class="n">first_touch</th>')).toBeLessThan(
      page.indexOf('<th class="n">linear</th>'),
    );
  });

  it('renders NPS as promoters / passives / detractors, and a milestone-less row as (all)', () => {
    const html = renderCx(
      [
        {
          cxId: 'nps',
          milestoneId: null,
          metric: 'nps',
          scale: '0-10',
          responses: 8n,
          rejected: 1n,
          mean: 7.875,
          topTwoBox: null,
          promoters: 4n,
          passives: 2n,
          detractors: 2n,
          nps: 25,
        },
        {
          cxId: 'csat',
          milestoneId: 'setup',
          metric: 'csat',
          scale: '1-5',
          responses: 10n,
          rejected: 0n,
          mean: 3.5,
          topTwoBox: 0.6,
          promoters: null,
          passives: null,
          detractors: null,
          nps: null,
        },
      ],
      undefined,
    )!.text;
    expect(html).toContain('<td>(all)</td>');
    expect(html).toContain('<td class="n">25.0</td>'); // NPS (4 - 2) / 8 = 25
    expect(html).toContain('width="80.0" height="12" fill="#2e7d32"><title>4 promoters</title>'); // 4/8 of 160
    expect(html).toContain('<td class="n">60.0%</td>'); // top two boxes of CSAT
    expect(html).toContain('<td class="n">7.88</td>'); // mean, 2 decimals
  });

  it('draws paths on one scale per journey and names the open ends', () => {
    const table = pathsTable([
      { journeyId: 'a', previousId: null, milestoneId: 'setup', nextId: 'paid', actors: 4n },
      { journeyId: 'a', previousId: 'setup', milestoneId: 'paid', nextId: null, actors: 1n },
      { journeyId: 'b', previousId: null, milestoneId: 'x', nextId: null, actors: 2n },
    ]).text;
    expect(table).toContain('(start) → setup → paid');
    expect(table).toContain('setup → paid → (end)');
    expect(table).toContain('width="40.0"'); // 1 of 4 (journey a's max) of 160 px
    // Full bars: a's 4 (its max) and b's 2 (its own max); tracks are width="160" without a decimal.
    expect(table.match(/width="160.0"/g)).toHaveLength(2);
  });
});

describe('conversion funnel per breakdown value', () => {
  const segment: BreakdownReport = {
    property: 'segment',
    total: 5n,
    values: [
      { value: 'enterprise', reached: [4n, 3n], inProgress: 1n, overallRate: 1 / 3 },
      { value: HOSTILE, reached: [2n, 2n], inProgress: 0n, overallRate: 1 },
      { value: null, reached: [2n, 0n], inProgress: 0n, overallRate: 0 },
    ],
  };
  const split = (values: BreakdownReport['values'], total: bigint): BreakdownReport => ({
    property: 'region',
    total,
    values,
  });

  it('prints a row per value: reached per step, in progress, and the overall rate among settled actors', () => {
    const html = breakdownTable(segment, conversion.steps).text;
    // Columns named by the overall funnel's steps, then in progress and overall.
    expect(html).toContain(
      '<th>segment</th><th class="n">1 setup</th><th class="n">2 paid</th><th class="n">in progress</th><th class="n">overall</th>',
    );
    // enterprise: 4 entered, 3 reached paid, 1 in progress; the rate is the stored 1/3 = 33.3%.
    expect(html).toContain(
      '<tr><td>enterprise</td><td class="n">4</td><td class="n">3</td><td class="n">1</td><td class="n">33.3%</td></tr>',
    );
    // A NULL value is "(missing)": 2 entered, none reached paid, 0.0%.
    expect(html).toContain(
      '<tr><td>(missing)</td><td class="n">2</td><td class="n">0</td><td class="n">0</td><td class="n">0.0%</td></tr>',
    );
    // Rows stay in the order read (most entered first): enterprise, the hostile one, (missing).
    expect(html.indexOf('enterprise')).toBeLessThan(html.indexOf('&lt;script'));
    expect(html.indexOf('&lt;script')).toBeLessThan(html.indexOf('(missing)'));
    // 5 values in all, 3 shown: 2 more.
    expect(html).toContain('<p class="note">… and 2 more values.</p>');
  });

  it('says "1 more value", nothing when all are shown, and "—" for a rate nobody settled for', () => {
    const one = { value: 'eu', reached: [1n, 0n], inProgress: 1n, overallRate: null };
    expect(breakdownTable(split([one], 2n), conversion.steps).text).toContain('… and 1 more value.');
    const all = breakdownTable(split([one], 1n), conversion.steps).text;
    expect(all).not.toContain('more value');
    // eu: 1 entered, still in progress: no settled actor, no rate.
    expect(all).toContain(
      '<td>eu</td><td class="n">1</td><td class="n">0</td><td class="n">1</td><td class="n">—</td>',
    );
  });

  it('escapes hostile property names and values', () => {
    const html = breakdownTable({ ...segment, property: HOSTILE }, conversion.steps).text;
    expect(html).not.toContain('<script');
    expect(html).toContain('<h4>By &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</h4>');
    expect(html).toContain('<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;</td>');
  });

  it('puts one table per property between the funnel and the touchpoints, and none without breakdowns', () => {
    const region = split([{ value: 'eu', reached: [3n, 1n], inProgress: 0n, overallRate: 1 / 3 }], 1n);
    const page = renderReport(report({ conversions: [{ ...conversion, breakdowns: [segment, region] }] }));
    expect(page).not.toContain('<script');
    const [funnel, bySegment, byRegion, touchpoints] = [
      '<th class="n">p90 time</th>',
      '<h4>By segment</h4>',
      '<h4>By region</h4>',
      '<h4>Touchpoints</h4>',
    ].map((s) => page.indexOf(s));
    expect(funnel).toBeGreaterThan(0);
    expect(bySegment).toBeGreaterThan(funnel);
    expect(byRegion).toBeGreaterThan(bySegment); // the order given (config order)
    expect(touchpoints).toBeGreaterThan(byRegion);
    expect(renderReport(report({ conversions: [{ ...conversion, breakdowns: [segment, region] }] }))).toBe(
      page,
    );
    // A split without values (nobody entered) and no breakdowns at all: no table.
    expect(
      renderReport(report({ conversions: [{ ...conversion, breakdowns: [split([], 0n)] }] })),
    ).not.toContain('<h4>By ');
    expect(renderReport(report())).not.toContain('<h4>By ');
  });
});
