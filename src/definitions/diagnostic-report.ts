/**
 * How `validate` prints diagnostics: text for people (with the offending
 * line and a caret under it), GitHub workflow commands for annotations on a
 * pull request, JSON for other tools.
 */
import { formatDiagnostic, visible, type Diagnostic } from '../errors.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function summary(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return `${plural(errors, 'error')}, ${plural(diagnostics.length - errors, 'warning')}`;
}

/** The source line and a caret under the token at the column (a word, a key, a quoted value). */
export function excerpt(text: string, line: number, col: number): string | undefined {
  const raw = text.split(/\r?\n/)[line - 1];
  if (raw === undefined) return undefined;
  // Control characters (a NUL byte) print as their visible symbols (␀), one column each;
  // bidirectional controls (U+202E...), which would reorder the printed line so that it reads
  // otherwise than the file ("trojan source"), each as U+FFFD, one column.
  const full = visible(raw);
  const rest = full.slice(col - 1);
  // Up to the next YAML delimiter, so `deadline: 3 months` underlines both words.
  const token = /^("[^"]*"|'[^']*'|[^:,{}[\]#]*[^\s:,{}[\]#])/.exec(rest)?.[0] ?? '';
  // A long line (a flow mapping nested hundreds deep) shows the part around the column.
  const start = full.length > MAX_EXCERPT ? Math.max(0, col - 1 - MAX_EXCERPT / 2) : 0;
  const end = Math.min(full.length, start + MAX_EXCERPT);
  const source = `${start > 0 ? '…' : ''}${full.slice(start, end)}${end < full.length ? '…' : ''}`;
  const caret = col - 1 - start + (start > 0 ? 1 : 0);
  const marks = Math.max(1, Math.min(token.length, end - (col - 1)));
  const prefix = ` ${line} | `;
  const under = `${' '.repeat(prefix.length - 2)}| ${' '.repeat(caret)}${'^'.repeat(marks)}`;
  return `${prefix}${source}\n${under}`;
}

/** The longest line part an excerpt shows (characters). */
const MAX_EXCERPT = 160;

export function renderText(diagnostics: Diagnostic[], texts: Map<string, string>): string {
  const blocks = diagnostics.map((d) => {
    const head = formatDiagnostic(d);
    const text = d.location && texts.get(d.location.file);
    const lines = text && d.location ? excerpt(text, d.location.line, d.location.col) : undefined;
    return lines ? `${head}\n${lines}` : head;
  });
  return [...blocks, summary(diagnostics)].join('\n\n') + '\n';
}

/** GitHub escapes: data loses %, CR and LF; property values also `:` and `,`. */
export const escapeData = (s: string) =>
  s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
export const escapeProperty = (s: string) => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

export function renderGithub(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = d.location
        ? [`file=${escapeProperty(d.location.file)}`, `line=${d.location.line}`, `col=${d.location.col}`]
        : [];
      const properties = [...where, `title=${escapeProperty(d.code)}`].join(',');
      const message = d.hint ? `${d.message} (hint: ${d.hint})` : d.message;
      return `::${d.severity} ${properties}::${escapeData(message)}\n`;
    })
    .join('');
}

export function renderJson(diagnostics: Diagnostic[], valid: boolean): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  return JSON.stringify({ valid, errors, warnings }, null, 2) + '\n';
}
