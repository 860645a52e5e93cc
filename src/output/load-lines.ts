/**
 * What a run that loads first (`compute`) says about its load, on stderr, as
 * `load` reports it: per table that changed, files loaded, rows added and
 * removed, rows rejected; one line when nothing changed.
 *
 *   loaded events: 1 file, 221 rows added, 0 removed, 2 rejected
 *   sources up to date (4 files unchanged)
 */
import type { LoadReport } from '../warehouse/load-report.js';

const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;

export function loadSummaryLines(report: LoadReport): string {
  const lines: string[] = [];
  let unchanged = 0;
  for (const t of report.tables) {
    const loaded = t.files.filter((f) => f.status === 'loaded' || f.status === 'replaced').length;
    unchanged += t.files.length - loaded;
    if (loaded === 0 && t.rowsRemoved === 0n && !t.rebuilt) continue;
    lines.push(
      `loaded ${t.table}: ${plural(loaded, 'file')}, ${plural(t.rowsAdded, 'row')} added, ` +
        `${t.rowsRemoved} removed, ${t.rejected} rejected${t.rebuilt ? ' (table rebuilt: its mapping changed)' : ''}`,
    );
  }
  if (lines.length === 0) return `sources up to date (${plural(unchanged, 'file')} unchanged)\n`;
  return lines.join('\n') + '\n';
}
