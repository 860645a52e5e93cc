/**
 * Section 1: what the report is about: the config, T, the time zone, and how
 * much data the warehouse holds, with links to the sections that follow.
 */
import { markup, type Html } from './escape.js';
import { formatCount } from './numbers.js';
import type { ReportData } from './types.js';

export interface NavLink {
  id: string;
  title: string;
}

function timeRange(first: string | null, last: string | null): string {
  if (first === null || last === null) return '—';
  return first === last ? first : `${first} – ${last}`;
}

export function renderHeader(data: ReportData, links: NavLink[]): Html {
  const { totals } = data;
  const facts: [string, string][] = [
    ['Accounts', formatCount(totals.accounts)],
    ['Contacts', formatCount(totals.contacts)],
    ['Events', formatCount(totals.events)],
    ['Time range (UTC)', timeRange(totals.firstEvent, totals.lastEvent)],
  ];
  const dl = facts.map(([label, value]) => markup`<div><dt>${label}</dt><dd>${value}</dd></div>`);
  const nav = links.map((l) => markup`<a href="#${l.id}">${l.title}</a>`);
  return markup`<header>
<h1>Milestones report: ${data.project}</h1>
<p class="meta">As of <time datetime="${data.asOf}">${data.asOf}</time> · time zone ${data.timezone}</p>
<dl class="totals">${dl}</dl>
<nav>${nav}</nav>
</header>
`;
}
