/**
 * The YAML snippet `calibrate` prints: one suggested milestone per top
 * candidate, in the definitions language, ready to paste under `milestones:`.
 * Its criterion is exactly what was measured: the event at least k times in
 * the first W after first_seen.
 *
 *   { event: 'report_created', threshold: 3, window: 14d }
 *   -> - id: suggested_report_created
 *        name: 'Suggested (calibrate): report_created'
 *        criteria:
 *          - event: report_created
 *            at_least: 3
 *            within: { first: 14d }
 *        evaluation: { start: first_seen }
 */
import type { Duration } from '../definitions/model.js';

export interface Suggestion {
  event: string;
  threshold: number;
  window: Duration;
  /** Shown in a comment above the milestone. */
  comment: string;
}

// YAML 1.1 and 1.2 both read these words as something other than a string.
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

/** A YAML scalar for a string: plain when it is a safe word, else single-quoted. */
export function yamlString(text: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(text) && !RESERVED.has(text.toLowerCase())) return text;
  // A control character (a line break in an event name) cannot sit in single quotes: a YAML
  // double-quoted string, JSON's escapes, reads back the same (found by review).
  // eslint-disable-next-line no-control-regex -- exactly the characters single quotes cannot carry
  if (/[\u0000-\u001F\u007F]/.test(text)) return JSON.stringify(text);
  return `'${text.replaceAll("'", "''")}'`;
}

/** A milestone id (a slug, [a-z][a-z0-9_]*) for the event, not among `taken`. */
export function suggestedId(event: string, taken: Set<string>): string {
  const slug = event
    .toLowerCase()
    .replaceAll(/[^a-z0-9_]+/g, '_')
    .replaceAll(/^_+|_+$/g, '');
  const base = `suggested_${slug === '' ? 'event' : slug}`;
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
  return id;
}

/** A single-line comment: line breaks in event names would end it early. */
const commentLine = (text: string) => `# ${text.replaceAll(/[\r\n]+/g, ' ')}`;

/** Milestone list items (2-space indent), ids and names unique against the project's. */
export function suggestionYaml(
  suggestions: Suggestion[],
  takenIds: Iterable<string>,
  takenNames: Iterable<string>,
): string {
  const ids = new Set(takenIds);
  const names = new Set(takenNames);
  const blocks = suggestions.map((s) => {
    const id = suggestedId(s.event, ids);
    ids.add(id);
    let name = `Suggested (calibrate): ${s.event}`;
    for (let i = 2; names.has(name); i++) name = `Suggested (calibrate): ${s.event} (${i})`;
    names.add(name);
    return [
      commentLine(s.comment),
      `- id: ${id}`,
      `  name: ${yamlString(name)}`,
      `  criteria:`,
      `    - event: ${yamlString(s.event)}`,
      `      at_least: ${s.threshold}`,
      `      within: { first: ${s.window.text} }`,
      `  evaluation: { start: first_seen }`,
    ].join('\n');
  });
  return blocks.length === 0 ? '' : blocks.join('\n') + '\n';
}
