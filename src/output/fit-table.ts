/**
 * Terminal tables that fit the terminal. Three layouts, the first that fits:
 *
 * 1. boxed: the usual grid, one line per row, no separators between rows;
 * 2. compact: no borders, two spaces between columns, cells wrapped at
 *    spaces (a long word is cut), a blank line between rows when one wraps;
 * 3. stacked: one block per row, a "column  value" line per column (as psql's
 *    expanded display), for tables too wide to show side by side.
 *
 * The width is the terminal's when stdout is one, else $COLUMNS, else 100,
 * so `--format table | less` stays readable.
 */

export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  if (stream.isTTY && stream.columns > 0) return stream.columns;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : 100;
}

/** Display width: code points (the output has no wide characters). */
const width = (text: string): number => [...text].length;

const pad = (text: string, w: number): string => text + ' '.repeat(Math.max(0, w - width(text)));

/** Lines of at most w characters: breaks at spaces, cuts words longer than w. */
export function wrapText(text: string, w: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      const joined = line === '' ? rest : `${line} ${rest}`;
      if (width(joined) <= w) {
        line = joined;
        continue;
      }
      if (line !== '') lines.push(line);
      while (width(rest) > w) {
        lines.push([...rest].slice(0, w).join(''));
        rest = [...rest].slice(w).join('');
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

const longestLine = (text: string): number => Math.max(0, ...text.split('\n').map(width));
const longestWord = (text: string): number => Math.max(0, ...text.split(/[\s]+/).map(width));

export interface TableStyle {
  /** Colours the header text (ANSI codes do not count in widths). */
  head?: (text: string) => string;
  border?: (text: string) => string;
}

const plain = (text: string) => text;

/** Cells of one row laid out in the given widths: one output line per wrapped line. */
function rowLines(cells: string[], widths: number[], wrap: boolean): string[][] {
  const wrapped = cells.map((c, i) => (wrap ? wrapText(c, widths[i] ?? 1) : c.split('\n')));
  const height = Math.max(1, ...wrapped.map((w) => w.length));
  return Array.from({ length: height }, (_, line) =>
    wrapped.map((w, i) => pad(w[line] ?? '', widths[i] ?? 0)),
  );
}

function boxed(head: string[], body: string[][], widths: number[], style: TableStyle): string[] {
  const b = style.border ?? plain;
  const h = style.head ?? plain;
  const rule = (l: string, m: string, r: string) => b(l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r);
  const line = (cells: string[], colour: (t: string) => string) =>
    b('│') + cells.map((c) => ` ${colour(c)} `).join(b('│')) + b('│');
  const out = [rule('┌', '┬', '┐')];
  for (const cells of rowLines(head, widths, false)) out.push(line(cells, h));
  out.push(rule('├', '┼', '┤'));
  for (const row of body) for (const cells of rowLines(row, widths, false)) out.push(line(cells, plain));
  out.push(rule('└', '┴', '┘'));
  return out;
}

/**
 * Narrows columns one character at a time, down to their minimum, until the
 * total fits: each time the column whose narrowing adds the fewest lines to
 * the table (header included), the widest on a tie. Undefined when even the
 * minimums do not fit.
 */
function shrink(
  head: string[],
  body: string[][],
  natural: number[],
  minimum: number[],
  available: number,
): number[] | undefined {
  const memo = new Map<string, number[]>();
  // Lines each row (the header first) takes in column i at width w.
  const linesAt = (i: number, w: number): number[] => {
    const key = `${i}:${w}`;
    let lines = memo.get(key);
    if (!lines) {
      lines = [head[i] ?? '', ...body.map((r) => r[i] ?? '')].map((text) => wrapText(text, w).length);
      memo.set(key, lines);
    }
    return lines;
  };
  const height = (widths: number[]): number => {
    const columns = widths.map((w, i) => linesAt(i, w));
    return (columns[0] ?? []).reduce((sum, _, row) => sum + Math.max(...columns.map((c) => c[row] ?? 1)), 0);
  };
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > available) {
    let best = -1;
    let bestHeight = Infinity;
    for (let i = 0; i < widths.length; i++) {
      const w = widths[i] ?? 0;
      if (w <= (minimum[i] ?? 0)) continue;
      const h = height(widths.map((x, j) => (j === i ? x - 1 : x)));
      if (h < bestHeight || (h === bestHeight && w > (widths[best] ?? 0))) {
        best = i;
        bestHeight = h;
      }
    }
    if (best < 0) return undefined;
    widths[best] = (widths[best] ?? 0) - 1;
    total--;
  }
  return widths;
}

function compact(head: string[], body: string[][], widths: number[], style: TableStyle): string[] {
  const h = style.head ?? plain;
  const b = style.border ?? plain;
  const join = (cells: string[]) => cells.join('  ').trimEnd();
  const out = rowLines(head, widths, true).map((cells) => join(cells.map((c) => h(c))));
  out.push(b(widths.map((w) => '─'.repeat(w)).join('  ')));
  const rows = body.map((row) => rowLines(row, widths, true).map(join));
  const spaced = rows.some((r) => r.length > 1);
  rows.forEach((r, i) => {
    if (spaced && i > 0) out.push('');
    out.push(...r);
  });
  return out;
}

function stacked(head: string[], body: string[][], total: number, style: TableStyle): string[] {
  const h = style.head ?? plain;
  const b = style.border ?? plain;
  const label = Math.min(Math.max(...head.map(width)), Math.max(8, Math.floor(total / 2)));
  const valueWidth = Math.max(1, total - label - 2);
  const out: string[] = [];
  body.forEach((row, r) => {
    out.push(b(`─ ${r + 1} `.padEnd(Math.min(total, 20), '─')));
    head.forEach((name, i) => {
      const names = wrapText(name, label);
      const values = wrapText(row[i] ?? '', valueWidth);
      for (let k = 0; k < Math.max(names.length, values.length); k++) {
        out.push(`${h(pad(names[k] ?? '', label))}  ${values[k] ?? ''}`.trimEnd());
      }
    });
  });
  return out;
}

/** The table as text lines of at most `total` characters (ANSI colour codes aside). */
export function fitTable(head: string[], body: string[][], total: number, style: TableStyle = {}): string {
  const n = head.length;
  const natural = head.map((name, i) =>
    Math.max(longestLine(name), ...body.map((r) => longestLine(r[i] ?? ''))),
  );
  if (natural.reduce((a, b) => a + b, 0) + 3 * n + 1 <= total)
    return boxed(head, body, natural, style).join('\n');
  // Once columns wrap, names_with_underscores break like words.
  const labels = head.map((name) => name.replaceAll('_', ' '));
  // Wrapped columns keep at least their longest word (up to 12 characters; longer words are cut).
  const minimum = head.map((_, i) =>
    Math.min(
      natural[i] ?? 0,
      Math.max(
        4,
        Math.min(12, Math.max(longestWord(labels[i] ?? ''), ...body.map((r) => longestWord(r[i] ?? '')))),
      ),
    ),
  );
  const widths = shrink(labels, body, natural, minimum, total - 2 * (n - 1));
  if (widths) return compact(labels, body, widths, style).join('\n');
  return stacked(labels, body, total, style).join('\n');
}

/** Text lines (captions, notes) wrapped to the terminal width, as the tables are. */
export function fitText(text: string, total = terminalWidth()): string {
  const trailing = text.endsWith('\n');
  const body = trailing ? text.slice(0, -1) : text;
  return wrapText(body, total).join('\n') + (trailing ? '\n' : '');
}
