/**
 * Charts as inline SVG, drawn at build time by Apache ECharts' server-side
 * renderer (no DOM, no script in the page). Every chart has a fixed size and
 * no animation, and the SVG is made byte-stable: zrender numbers each
 * renderer it creates (`zr0-`, `zr1-` … in clip-path ids and classes), which
 * would differ between two renders in one process, so those prefixes become
 * the chart's own id. The hover styles and `ecmeta_*` attributes, which only
 * ECharts' client script reads, are dropped.
 *
 *   chart({key: 'history-setup', label: 'Setup: completions per month', option: {...}})
 *   -> <figure class="chart"><svg width="720" height="260" role="img" aria-label="Setup: …" …><title>Setup: …</title>…</svg></figure>
 *
 * Text in the charts is escaped by zrender (`<` as `&lt;` …); labels that
 * come from the config go in as data, never as formatter templates.
 */
import * as echarts from 'echarts/dist/echarts.esm.min.mjs';
import type { EChartsOption } from 'echarts';
import { escapeHtml, markup, trusted, type Html } from './escape.js';
import { SERIES } from './palette.js';

export type ChartOption = EChartsOption;

export const CHART_WIDTH = 720;

export interface ChartSpec {
  /** Unique in the page (a section and an id): becomes the SVG's id prefix. */
  key: string;
  /** What the chart shows, in words: the SVG's title and aria-label. */
  label: string;
  option: ChartOption;
  width?: number;
  height?: number;
}

/** Page-wide defaults: the page's font, Okabe–Ito series colours, no animation. */
const BASE: ChartOption = {
  animation: false,
  color: SERIES,
  textStyle: { fontFamily: 'Helvetica, Arial, sans-serif', fontSize: 12, color: '#1f2933' },
};

/** A key as an SVG id: letters and digits kept, anything else as _hex, so distinct keys stay distinct. */
export function chartId(key: string): string {
  return 'ch-' + key.replace(/[^A-Za-z0-9]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
}

/** ECharts' SVG made stable and compact (see the module comment). */
export function stabilize(svg: string, id: string): string {
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/\bzr\d+-/g, `${id}-`)
    .replace(/<defs >\s*<\/defs>\s*/g, '')
    .replace(/\n+/g, '\n');
}

export function renderChartSvg(spec: ChartSpec): string {
  const width = spec.width ?? CHART_WIDTH;
  const height = spec.height ?? 260;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption({ ...BASE, ...spec.option });
    const id = chartId(spec.key);
    const svg = stabilize(instance.renderToSVGString(), id);
    const label = escapeHtml(spec.label);
    // The root <svg …> gets its id, an accessible name and a title (shown on hover).
    return svg.replace(
      /^<svg ([^>]*)>/,
      (_, attributes: string) =>
        `<svg id="${id}" class="chart" role="img" aria-label="${label}" ${attributes}><title>${label}</title>`,
    );
  } finally {
    instance.dispose();
  }
}

export function chart(spec: ChartSpec): Html {
  return markup`<figure class="chart">${trusted(renderChartSvg(spec))}</figure>
`;
}
