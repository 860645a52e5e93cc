/**
 * Each schema mistake is reported with its code and the exact line:column
 * of the offending key (unknown keys) or value (everything else).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDefinitions } from '../../src/definitions/load-definitions.js';
import { brief, check, only, yaml } from './helpers.js';

const fixture = (name: string) => new URL(`../fixtures-defs/${name}`, import.meta.url);

describe('schema errors, one at a time', () => {
  it('unknown key, at the key, with did you mean', () => {
    const d = only(yaml`
      milestones:
        - id: setup
          criteria:
            - event: app_installed
              at_lest: 3
    `);
    // line 5 is "        at_lest: 3": eight spaces, so the key starts at column 9
    expect(d).toMatchObject({
      code: 'unknown-key',
      message: 'unknown key "at_lest"',
      hint: 'did you mean "at_least"?',
      location: { file: 'm.yaml', line: 5, col: 9 },
    });
  });

  it('unknown key far from every known key: no suggestion, the known keys instead', () => {
    const d = only('version: 1\ncolour: blue\n');
    expect(d.location).toMatchObject({ line: 2, col: 1 });
    expect(d.hint).toBe(
      'the keys here are: version, timezone, timezone_property, warehouse, sources, milestones, journeys, conversions, cx',
    );
  });

  it('unknown filter operator, with did you mean', () => {
    const d = only(yaml`
      milestones:
        - id: setup
          criteria:
            - event: report_created
              where: {amount: {gte_: 10}}
    `);
    // "        where: {amount: {gte_" -> 8 spaces, "where: {" ends at col 16, "amount: {" at 17..25, g at 26
    expect(d).toMatchObject({ code: 'unknown-operator', hint: 'did you mean "gte"?' });
    expect(d.location).toMatchObject({ line: 5, col: 26 });
  });

  it('a value outside an enum, with did you mean', () => {
    const d = only('milestones:\n  - id: setup\n    level: acount\n    criteria: [{event: a}]\n');
    expect(d).toMatchObject({ code: 'bad-value', hint: 'did you mean "account"?' });
    expect(d.message).toBe('level must be one of account, contact; found "acount"');
    expect(d.location).toMatchObject({ line: 3, col: 12 }); // "    level: " is 11 characters
  });

  it('a value of the wrong type', () => {
    const d = only('milestones:\n  - id: setup\n    criteria:\n      - event: a\n        at_least: three\n');
    expect(d).toMatchObject({ code: 'bad-type', message: 'at_least must be a number, found "three"' });
    expect(d.location).toMatchObject({ line: 5, col: 19 }); // 8 spaces + "at_least: " (10)
  });

  it('a missing required key, at the mapping that lacks it', () => {
    const d = only('milestones:\n  - name: Setup\n    criteria: [{event: a}]\n');
    expect(d).toMatchObject({ code: 'missing-key', message: 'missing required key "id"' });
    expect(d.location).toMatchObject({ line: 2, col: 5 }); // the mapping starts after "  - "
  });

  it('a bad duration, with the 1m hint', () => {
    const d = only(
      'milestones:\n  - id: setup\n    criteria:\n      - event: a\n        within: {first: 1m}\n',
    );
    expect(d).toMatchObject({
      code: 'bad-duration',
      hint: 'write 1min or 30d: "m" could mean minutes or months',
    });
    expect(d.location).toMatchObject({ line: 5, col: 25 }); // 8 + "within: {" (10) + "first: " (7)
  });

  it('a duration without a unit', () => {
    const d = only(
      'conversions:\n  - {id: c, steps: [a, b], window: 90}\n' +
        'milestones: [{id: a, criteria: [{event: x}]}, {id: b, criteria: [{event: y}]}]\n',
    );
    expect(d).toMatchObject({ code: 'bad-type', message: 'window must be a duration like 30d, found 90' });
    expect(d.location).toMatchObject({ line: 2, col: 36 }); // "  - {id: c, steps: [a, b], " is 27 characters, "window: " 8
  });

  it('an unknown time zone, with did you mean', () => {
    const d = only('timezone: Europe/Pariss\n');
    expect(d).toMatchObject({ code: 'bad-timezone', hint: 'did you mean "Europe/Paris"?' });
    expect(d.location).toMatchObject({ line: 1, col: 11 });
  });

  it('an id that is not a slug, with a slug to use', () => {
    const d = only('milestones:\n  - id: Setup Done\n    criteria: [{event: a}]\n');
    expect(d).toMatchObject({ code: 'bad-id', location: { line: 2, col: 9 } });
    expect(d.hint).toMatch(/e\.g\. setup_done$/);
  });

  it('a bad evaluation start and an impossible date', () => {
    const diagnostics = check(yaml`
      milestones:
        - {id: a, criteria: [{event: x}], evaluation: {start: firstseen}}
        - {id: b, criteria: [{event: x}], evaluation: {start: 2026-02-30}}
    `);
    expect(brief(diagnostics)).toEqual(['2:57 error bad-value', '3:57 error bad-date']);
    expect(diagnostics[0]!.hint).toBe('did you mean "first_seen"?');
  });

  it('an empty list where one item is needed', () => {
    const d = only('milestones:\n  - id: setup\n    criteria: []\n');
    expect(d).toMatchObject({ code: 'bad-value', message: 'criteria needs at least 1 item' });
    expect(d.location).toMatchObject({ line: 3, col: 15 });
  });

  it('the wrong version', () => {
    expect(only('version: 2\n')).toMatchObject({ code: 'bad-value', message: 'version must be 1, found 2' });
  });

  it('a file that is a list, not a mapping', () => {
    expect(only('- a\n- b\n')).toMatchObject({ code: 'bad-type', location: { line: 1, col: 1 } });
  });

  it('an empty file', () => {
    expect(only('# nothing yet\n')).toMatchObject({ code: 'empty-file' });
  });

  it('a criterion of no known kind reads as the closest kind', () => {
    // {evnt: x} is one typo: reported as the unknown key, not also as a missing "event"
    const d = only('milestones:\n  - id: a\n    criteria: [{evnt: x}]\n');
    expect(d).toMatchObject({ code: 'unknown-key', hint: 'did you mean "event"?' });
  });

  it('ids in lists must be strings', () => {
    const d = only('milestones:\n  - id: a\n    criteria: [{event: x}]\n    assign: {accounts: [123]}\n');
    expect(d).toMatchObject({
      code: 'bad-type',
      hint: 'write ids as strings; quote ids that look like numbers',
    });
  });
});

describe('YAML syntax errors', () => {
  it('have positions, and are reported once each', () => {
    const text = readFileSync(fixture('syntax-error.yaml'), 'utf8');
    const diagnostics = parseDefinitions(text, 'syntax-error.yaml').diagnostics;
    expect(diagnostics.every((d) => d.code === 'yaml-syntax')).toBe(true);
    // line 5 holds the unclosed "[pro, team}"
    expect(diagnostics[0]!.location?.line).toBe(5);
    expect(new Set(diagnostics.map((d) => `${d.location?.line}:${d.location?.col}:${d.message}`)).size).toBe(
      diagnostics.length,
    );
  });

  it('point at a duplicate key', () => {
    const d = only('milestones:\n  - id: a\n    id: b\n    criteria: [{event: x}]\n');
    expect(d).toMatchObject({ code: 'yaml-syntax', location: { line: 3, col: 5 } });
  });
});

describe('a file with five different mistakes', () => {
  it('reports all five, each at its place', () => {
    const text = readFileSync(fixture('five-mistakes.yaml'), 'utf8');
    const { project, diagnostics } = parseDefinitions(text, 'five-mistakes.yaml');
    expect(project).toBeUndefined();
    // Positions counted in test/fixtures-defs/five-mistakes.yaml:
    //  4: "timezone: Europe/Pariss"               value at col 11
    //  9: "        at_lest: 3"                    key at col 9
    // 11: "        within: {first: 1m}"           value at col 25
    // 14: "      - milestone: setpu"              value at col 20
    // 17: "    steps: [setup]"                    list at col 12
    expect(brief(diagnostics)).toEqual([
      '4:11 error bad-timezone',
      '9:9 error unknown-key',
      '11:25 error bad-duration',
      '14:20 error unknown-milestone',
      '17:12 error too-few-steps',
    ]);
  });
});

describe('anchors and extension keys', () => {
  it('accepts x- keys holding anchors, and aliases of them', () => {
    const { project, diagnostics } = parseDefinitions(
      yaml`
        x-installed: &installed {event: app_installed}
        milestones:
          - id: setup
            criteria: [*installed]
          - id: again
            criteria:
              - <<: *installed
                at_least: 2
      `,
      'm.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(project?.milestones.map((m) => m.criteria[0])).toMatchObject([
      { event: 'app_installed', threshold: { atLeast: 1 } },
      { event: 'app_installed', threshold: { atLeast: 2 } },
    ]);
  });
});
