/**
 * Reads the shapes of an ECharts SVG back for structural assertions: the
 * bars (rectangles drawn as `M x y l w 0 l 0 h l -w 0 Z`) of a colour, the
 * texts, the charts of a page by key. Test helper, not a test.
 */
import { chartId } from '../../src/report/chart.js';

export interface Bar {
  x: number;
  y: number;
  width: number;
  /** Negative: drawn upwards from y (a bar above its axis). */
  height: number;
}

/** The bars filled with this colour (legend keys are rounded paths, so they do not match). */
export function bars(svg: string, fill: string): Bar[] {
  const pattern = new RegExp(
    `<path d="M(-?[\\d.]+) (-?[\\d.]+)l(-?[\\d.]+) 0l0 (-?[\\d.]+)l-?[\\d.]+ 0Z"[^>]* fill="${fill}"`,
    'g',
  );
  return [...svg.matchAll(pattern)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
  }));
}

/** Bars with an area: ECharts also draws empty (zero-size) ones. */
export const visible = (list: Bar[]) => list.filter((b) => b.width !== 0 && b.height !== 0);

/** Every text element's content, unescaped, in document order. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&amp;', '&'),
  );
}

/** The SVG of the chart with this key in a page, or undefined. */
export function chartSvg(page: string, key: string): string | undefined {
  const id = chartId(key);
  const start = page.indexOf(`<svg id="${id}"`);
  if (start < 0) return undefined;
  return page.slice(start, page.indexOf('</svg>', start) + '</svg>'.length);
}

/** The keys' ids of every chart in a page, in order. */
export const chartIds = (page: string) => [...page.matchAll(/<svg id="(ch-[^"]+)"/g)].map((m) => m[1]!);
