import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { suggestedId, suggestionYaml, yamlString } from '../../src/calibrate/snippet.js';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import type { EventCriterion } from '../../src/definitions/model.js';

const CONFIG = `version: 1
sources:
  events:
    path: events.csv
    columns: {ts: ts, account_id: account, event: event}
milestones:
  - id: setup
    criteria:
      - event: app_installed
`;

/** The snippet pasted under milestones: of a small config, through the real definitions loader. */
function load(snippet: string) {
  const indented = snippet.replaceAll(/^(?=.)/gm, '  ');
  return parseDefinitions(CONFIG + indented, '/tmp/milestones.yaml');
}

const days = (n: number) => ({ seconds: n * 86_400, text: `${n}d` });

describe('suggestionYaml', () => {
  it('is a valid milestone that means "at least k in the first W after first_seen"', () => {
    const yaml = suggestionYaml(
      [{ event: 'report_created', threshold: 3, window: days(14), comment: 'why' }],
      ['setup'],
      ['setup'],
    );
    const { project, diagnostics } = load(yaml);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = project!.milestones.find((x) => x.id === 'suggested_report_created')!;
    expect(m.name).toBe('Suggested (calibrate): report_created');
    expect(m.evaluation.start).toEqual({ kind: 'first_seen' });
    const c = m.criteria[0] as EventCriterion;
    expect([c.event, c.threshold.atLeast, c.within]).toEqual([
      'report_created',
      3,
      { kind: 'first', duration: { seconds: 14 * 86_400, text: '14d' } },
    ]);
  });

  it('survives event names that are not YAML words, and keeps ids and names unique', () => {
    const nasty = `"';DROP TABLE x;-- : #yes`;
    const yaml = suggestionYaml(
      [
        { event: nasty, threshold: 1, window: days(7), comment: 'line\nbreak' },
        { event: 'yes', threshold: 2, window: days(30), comment: 'c' },
        { event: 'Setup', threshold: 2, window: days(30), comment: 'c' },
      ],
      ['setup', 'suggested_setup'],
      ['setup', 'Suggested (calibrate): Setup'],
    );
    const { project, diagnostics } = load(yaml);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const events = project!.milestones.map((m) => (m.criteria[0] as EventCriterion).event);
    expect(events).toEqual(['app_installed', nasty, 'yes', 'Setup']);
    const ids = project!.milestones.map((m) => m.id);
    expect(ids).toEqual(['setup', 'suggested_drop_table_x_yes', 'suggested_yes', 'suggested_setup_2']);
    expect(project!.milestones[3]!.name).toBe('Suggested (calibrate): Setup (2)');
  });

  it('is empty without suggestions', () => {
    expect(suggestionYaml([], [], [])).toBe('');
  });
});

describe('helpers', () => {
  it('quotes what YAML would not read as the same string', () => {
    expect(yamlString('report_created')).toBe('report_created');
    expect(yamlString('true')).toBe("'true'");
    expect(yamlString('a: b')).toBe("'a: b'");
    expect(yamlString("it's")).toBe("'it''s'");
  });

  it('writes a string with a line break or tab so that YAML reads it back (found by review)', () => {
    // In single quotes a line break folds to a space: the pasted snippet named another event.
    for (const text of ['sign\nup', 'a\tb', "it's\r\n"]) {
      const written = yamlString(text);
      expect(written).not.toMatch(/[\n\r\t]/);
      expect(parse(`x: ${written}`)).toEqual({ x: text });
    }
  });

  it('makes slugs', () => {
    expect(suggestedId('Page View', new Set())).toBe('suggested_page_view');
    expect(suggestedId('!!!', new Set())).toBe('suggested_event');
  });
});
