/**
 * The whole report: data in, one self-contained HTML document out. Pure and
 * deterministic: the same data gives the same bytes (no clock, no locale;
 * every list arrives sorted). Sections whose tables are absent are left out.
 *
 *   renderReport({project: 'milestones.yaml', asOf: '2026-05-01T03:59:59Z', ...})
 *   -> '<!DOCTYPE html>\n<html lang="en">…<h1>Milestones report: milestones.yaml</h1>…'
 */
import { renderConversions } from './conversions.js';
import { renderCx } from './cx.js';
import type { Html } from './escape.js';
import { renderHeader, type NavLink } from './header.js';
import { renderJourneys } from './journeys.js';
import { renderMilestones } from './milestones.js';
import { page } from './page.js';
import { renderTravelers } from './travelers.js';
import type { ReportData } from './types.js';

/** The report's sections (all but the header), in page order, with their links. */
export type Sections = [NavLink, Html][];

/** The sections, which need everything but the totals: they can be drawn while the totals are read. */
export function renderSections(data: Omit<ReportData, 'totals'>): Sections {
  const names = new Map(data.milestones.map((m) => [m.id, m.name]));
  const sections: [NavLink, Html | undefined][] = [
    [{ id: 'milestones', title: 'Milestones' }, renderMilestones(data.milestones, data.historyUnit)],
    [
      { id: 'journeys', title: 'Journeys' },
      data.journeys.length > 0 ? renderJourneys(data.journeys, names) : undefined,
    ],
    [
      { id: 'conversions', title: 'Conversions' },
      data.conversions.length > 0 ? renderConversions(data.conversions) : undefined,
    ],
    [{ id: 'cx', title: 'Customer experience' }, renderCx(data.cxMetrics, data.cxTopics)],
    [{ id: 'travelers', title: 'Journey travelers' }, renderTravelers(data.travelers, data.paths)],
  ];
  return sections.filter((s): s is [NavLink, Html] => s[1] !== undefined);
}

/** The whole page; `sections` are renderSections(data)'s when already drawn. */
export function renderReport(data: ReportData, sections: Sections = renderSections(data)): string {
  const header = renderHeader(
    data,
    sections.map(([link]) => link),
  );
  return page(`Milestones report: ${data.project}`, [header, ...sections.map(([, body]) => body)]).text;
}
