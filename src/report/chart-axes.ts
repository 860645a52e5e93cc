/**
 * Option pieces the report's charts share: a legend on top, horizontal bars
 * with their categories read top-down, value axes as counts or percentages.
 * Plain ECharts options; labels from the config always go in as data.
 */
import type { ChartOption } from './chart.js';

type Axis = Record<string, unknown>;

export const LEGEND = { top: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 12 } };

/** Room for the legend above, category labels on the left. */
export const grid = (left: number, extra: Axis = {}) => ({
  top: 34,
  left,
  right: 24,
  bottom: 28,
  ...extra,
});

/** A category axis for horizontal bars: first category on top. */
export const categoriesDown = (data: string[], width = 200): Axis => ({
  type: 'category',
  data,
  inverse: true,
  axisTick: { show: false },
  axisLabel: { width, overflow: 'truncate', fontSize: 12 },
});

export const percentAxis = (extra: Axis = {}): Axis => ({
  type: 'value',
  min: 0,
  max: 100,
  axisLabel: { formatter: '{value}%' },
  splitLine: { lineStyle: { color: '#E4E7EC' } },
  ...extra,
});

export const countAxis = (extra: Axis = {}): Axis => ({
  type: 'value',
  minInterval: 1,
  splitLine: { lineStyle: { color: '#E4E7EC' } },
  ...extra,
});

/** Rows of horizontal bars: the chart's height for n categories. */
export const rowsHeight = (n: number, perRow = 26, chrome = 70) => chrome + Math.max(1, n) * perRow;

/** 0..1 as a percentage with one decimal, for chart values (exact text is in the tables). */
export const percent = (share: number) => Math.round(share * 1000) / 10;

export type { ChartOption };

/** What a label formatter is given (the part of ECharts' callback parameters the report reads). */
export interface LabelParams {
  value?: unknown;
  dataIndex: number;
  name: string;
}

/** A label formatter from a number (the value, or x of an [x, y] point) and its data index. */
export const labelText =
  (text: (value: number, index: number) => string) =>
  (p: LabelParams): string =>
    text(Number(Array.isArray(p.value) ? p.value[0] : p.value), p.dataIndex);

/** Counts as labels, nothing for 0 (an empty segment). */
export const countLabel = (prefix = '') => labelText((v) => (v > 0 ? `${prefix}${v}` : ''));
