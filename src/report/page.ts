/**
 * The document around the sections: one HTML file with its CSS inline and
 * no script, so it opens offline and can be mailed. Charts and wide tables
 * shrink or scroll inside their box, so the page fits 800 px; printed,
 * navigation and folded tables are left out and charts are not split. Pieces shared by the
 * sections (a section with its heading, a table) live here too.
 */
import { markup, trusted, type Html, type HtmlValue } from './escape.js';

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2933; margin: 0; background: #f7f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; box-sizing: border-box; }
h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #e3e7ee; }
h3 { font-size: 15px; margin: 26px 0 6px; overflow-wrap: anywhere; }
h4 { font-size: 13px; margin: 16px 0 4px; color: #52606d; }
.meta, .note { color: #52606d; margin: 2px 0; }
code { font: 12px/1.3 ui-monospace, Menlo, Consolas, monospace; color: #52606d; }
nav { margin: 12px 0 0; }
nav a { margin-right: 14px; }
dl.totals { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 16px 0 0; }
dl.totals div { min-width: 90px; }
dl.totals dt { color: #52606d; font-size: 12px; }
dl.totals dd { margin: 0; font-size: 18px; font-weight: 600; }
figure.chart { margin: 8px 0 10px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.table { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { padding: 3px 10px 3px 0; text-align: left; vertical-align: middle; white-space: nowrap; }
th { font-size: 12px; color: #52606d; font-weight: 600; border-bottom: 1px solid #d9dee6; white-space: normal; vertical-align: bottom; min-width: 3em; }
td { border-bottom: 1px solid #f0f2f5; }
td:first-child { white-space: normal; min-width: 7em; overflow-wrap: anywhere; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
details { margin: 4px 0 8px; }
summary { cursor: pointer; color: #0072B2; }
ul.ids { margin: 4px 0; padding-left: 18px; overflow-wrap: anywhere; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav, summary { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; }
  figure.chart, tr { break-inside: avoid; }
  .table { overflow: visible; }
  th, td { white-space: normal; }
}
`;

export function page(title: string, body: Html[]): Html {
  return markup`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trusted(CSS)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export function section(id: string, title: string, body: HtmlValue): Html {
  return markup`<section id="${id}">
<h2>${title}</h2>
${body}
</section>
`;
}

/** A header cell; numeric columns are right-aligned. */
export interface Column {
  label: string;
  numeric?: boolean;
}

export const col = (label: string, numeric = false): Column => ({ label, numeric });

const cell = (value: HtmlValue, numeric: boolean | undefined) =>
  numeric ? markup`<td class="n">${value}</td>` : markup`<td>${value}</td>`;

/** A table whose rows hold one value per column, in order. */
export function table(columns: Column[], rows: HtmlValue[][]): Html {
  const head = columns.map((c) =>
    c.numeric ? markup`<th class="n">${c.label}</th>` : markup`<th>${c.label}</th>`,
  );
  const body = rows.map(
    (row) => markup`<tr>${row.map((value, i) => cell(value, columns[i]?.numeric))}</tr>
`,
  );
  return markup`<div class="table"><table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}</tbody>
</table></div>
`;
}

/** The numbers behind a chart, as a table folded under it (left out when printed: the chart is). */
export function numbers(summary: string, body: Html): Html {
  return markup`<details class="numbers"><summary>${summary}</summary>
${body}</details>
`;
}

/** "Name (id)", or just the id when the name is the id. */
export function titled(name: string, id: string): Html {
  return name === id ? markup`${name}` : markup`${name} <code>${id}</code>`;
}
