/**
 * YAML the parser would read otherwise than it is written (found by
 * review, each exit 0 before): now errors at their place
 * (src/definitions/yaml-source.ts, misreadings).
 */
import { expect, it } from 'vitest';
import { brief, check, MINIMAL } from './helpers.js';
import { renderText } from '../../src/definitions/diagnostic-report.js';

const GROUP = `milestones:
  - id: m
    criteria:
      - event: a
      - any: [${Array.from({ length: 10 }, (_, i) => `{event: e${i}}`).join(', ')}]
    overrides:
      - accounts: [acme]
        thresholds: {2.10: 7}
`;

it('says a plain key read as another number: 2.10 is 2.1', () => {
  // Line 8: `thresholds: {2.10: 7}`; the key at col 22. It had overridden criterion 2.1.
  expect(brief(check(GROUP))).toEqual(['8:22 error yaml-reading']);
  expect(check(GROUP)[0]?.message).toBe('the key 2.10 is read as the number 2.1');
  // Quoted, it is criterion 2.10's key, and fine.
  expect(check(GROUP.replace('{2.10: 7}', "{'2.10': 7}"))).toEqual([]);
});

it('refuses a %YAML 1.1 directive and tags the parser does not apply', () => {
  expect(brief(check(`%YAML 1.1\n---\n${MINIMAL}`))).toEqual(['1:1 error yaml-reading']);
  // !!timestamp is not applied in YAML 1.2: the parser only warned, and the value stayed text.
  const tagged = `${MINIMAL}    evaluation: {start: !!timestamp 2026-01-01}\n`;
  // Line 4, the tagged value at col 37.
  expect(brief(check(tagged))).toEqual(['4:37 error yaml-reading']);
  expect(check(tagged)[0]?.message).toBe('the tag !!timestamp is not read here');
});

it('says a merge key names no mapping, at the merge key (it was an "alias bomb" at 1:1)', () => {
  const text = `milestones:
  - id: m
    criteria:
      - event: y
        <<: [at_least]
`;
  // Line 5, the << at col 9.
  expect(brief(check(text))).toEqual(['5:9 error yaml-syntax']);
  expect(check(text)[0]?.message).toMatch(/^a merge key \(<<\) takes a mapping or an alias of one/);
});

it('says a whole number YAML rounds, with its digits; exact ones and !!str are fine (found by review)', () => {
  const where = (value: string) =>
    `milestones:\n  - id: m\n    criteria: [{event: a, where: {n: ${value}}}]\n`;
  // Line 3, the value at col 38.
  expect(brief(check(where('9007199254740993')))).toEqual(['3:38 error yaml-reading']);
  expect(check(where('9007199254740993'))[0]).toMatchObject({
    message: 'the number 9007199254740993 is read as 9007199254740992: YAML numbers hold 15 to 17 digits',
    hint: "quote it to keep its digits: '9007199254740993'",
  });
  // 2^53 itself, 1e20 and a quoted id are held exactly; !!str keeps 007 as text.
  for (const ok of ['9007199254740992', '1e20', "'9007199254740993'", '!!str 007'])
    expect(check(where(ok)), ok).toEqual([]);
  // 400 digits: beyond a double, read as Infinity (it had thrown on BigInt(Infinity)).
  expect(check(where('9'.repeat(400)))[0]?.message).toMatch(/ is read as Infinity: /);
});

it('says a file nested hundreds deep is too deep, and shows the part of its long line at the error', () => {
  // 5,000 nested `any` groups on one line: the parser runs out of stack (it was reported as
  // "Maximum call stack size exceeded", with a hint about brackets and the whole line).
  let criterion = '{event: x}';
  for (let i = 0; i < 5000; i++) criterion = `{any: [${criterion}]}`;
  const text = `milestones:\n  - id: m\n    criteria: [${criterion}]\n`;
  const [d] = check(text);
  expect(d?.message).toBe('the file nests too deeply to be read (hundreds of levels)');
  const shown = renderText([d!], new Map([['m.yaml', text]]));
  // The excerpt line is cut to 160 characters around the column, with … on each cut side.
  const line = shown.split('\n').find((l) => l.startsWith(' 3 | '))!;
  expect(line.length).toBeLessThan(' 3 | '.length + 163);
  expect(line).toMatch(/^ 3 \| ….*…$/);
});
