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
  const source = visible(raw);
  const rest = source.slice(col - 1);
  // Up to the next YAML delimiter, so `deadline: 3 months` underlines both words.
  const token = /^("[^"]*"|'[^']*'|[^:,{}[\]#]*[^\s:,{}[\]#])/.exec(rest)?.[0] ?? '';
  const prefix = ` ${line} | `;
  const under = `${' '.repeat(prefix.length - 2)}| ${' '.repeat(col - 1)}${'^'.repeat(Math.max(1, token.length))}`;
  return `${prefix}${source}\n${under}`;
}

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
