/**
 * Inline SVG bars (no script, no external file): a horizontal bar for one
 * share and a stacked bar for shares that add up to a whole. Each part has a
 * <title>, which browsers show on hover. Colours are attributes, not CSS, so
 * a bar survives being copied out of the page. Coordinates are rounded to
 * 0.1 px so the same numbers give the same bytes.
 *
 *   bar(0.6, {label: '3 of 5'})
 *   -> <svg class="bar" width="160" height="12" ...><rect ... width="160" .../><rect ... width="96.0" ...><title>3 of 5</title></rect></svg>
 */
import { markup, type Html } from './escape.js';

export const COLORS = {
  achieving: '#2e7d32',
  not_achieving: '#ef6c00',
  never_achieved: '#c62828',
  not_started: '#9e9e9e',
  bar: '#3f6fb5',
  track: '#e8ecf2',
  positive: '#2e7d32',
  neutral: '#9e9e9e',
  negative: '#c62828',
} as const;

export interface Segment {
  /** A share of the whole, 0..1. */
  share: number;
  color: string;
  label: string;
}

export interface BarSize {
  width?: number;
  height?: number;
}

const px = (n: number) => n.toFixed(1);

const clamp = (share: number) => (Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0);

function frame(width: number, height: number, label: string, body: Html[]): Html {
  const open = markup`<svg class="bar" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg">`;
  return markup`${open}<rect x="0" y="0" width="${width}" height="${height}" fill="${COLORS.track}"/>${body}</svg>`;
}

/** One share as a bar on a light track. */
export function bar(share: number, options: BarSize & { label: string; color?: string }): Html {
  const width = options.width ?? 160;
  const height = options.height ?? 12;
  const filled = px(clamp(share) * width);
  const fill = options.color ?? COLORS.bar;
  return frame(width, height, options.label, [
    markup`<rect x="0" y="0" width="${filled}" height="${height}" fill="${fill}"><title>${options.label}</title></rect>`,
  ]);
}

/** Shares side by side, left to right; empty segments are left out. */
export function stackedBar(segments: Segment[], options: BarSize & { label: string }): Html {
  const width = options.width ?? 240;
  const height = options.height ?? 14;
  let x = 0;
  const rects: Html[] = [];
  for (const segment of segments) {
    const w = clamp(segment.share) * width;
    if (w <= 0) continue;
    // The last segment may overshoot by rounding; the frame's width bounds it.
    const [left, size] = [px(x), px(Math.min(w, width - x))];
    rects.push(
      markup`<rect x="${left}" y="0" width="${size}" height="${height}" fill="${segment.color}"><title>${segment.label}</title></rect>`,
    );
    x += w;
  }
  return frame(width, height, options.label, rects);
}
