import { describe, expect, it } from 'vitest';
import {
  excerpt,
  renderGithub,
  renderJson,
  renderText,
  summary,
} from '../../src/definitions/diagnostic-report.js';
import type { Diagnostic } from '../../src/errors.js';

const error: Diagnostic = {
  severity: 'error',
  code: 'unknown-key',
  message: 'unknown key "at_lest"',
  hint: 'did you mean "at_least"?',
  location: { file: 'm.yaml', line: 2, col: 3 },
};
const warning: Diagnostic = { severity: 'warning', code: 'unknown-event', message: 'a, b: 100%\nnext' };

describe('text', () => {
  it('shows the line and a caret under the token', () => {
    expect(excerpt('a:\n  at_lest: 3\n', 2, 3)).toBe(' 2 |   at_lest: 3\n   |   ^^^^^^^');
    // a plain value with a space is one token, up to the next YAML delimiter
    expect(excerpt('{deadline: 3 months}', 1, 12)).toBe(
      ' 1 | {deadline: 3 months}\n   |            ^^^^^^^^',
    );
  });

  it('shows a bidirectional control as U+FFFD, so the printed line reads as the file does', () => {
    // "name: a\u202Eb" would print as "name: ab" reversed after the override (trojan source).
    expect(excerpt('name: a\u202eb\u2066c', 1, 7)).toBe(' 1 | name: a\ufffdb\ufffdc\n   |       ^^^^^');
  });

  it('prints each diagnostic, its hint, the excerpt and a summary', () => {
    const text = renderText([error, warning], new Map([['m.yaml', 'a:\n  at_lest: 3\n']]));
    expect(text).toBe(
      [
        'm.yaml:2:3 error[unknown-key]: unknown key "at_lest"',
        '  hint: did you mean "at_least"?',
        ' 2 |   at_lest: 3',
        '   |   ^^^^^^^',
        '',
        'warning[unknown-event]: a, b: 100%\nnext',
        '',
        '1 error, 1 warning',
        '',
      ].join('\n'),
    );
  });

  it('counts in the summary', () => {
    expect(summary([])).toBe('0 errors, 0 warnings');
    expect(summary([error, error, warning, warning])).toBe('2 errors, 2 warnings');
  });
});

describe('github', () => {
  it('writes workflow commands, escaping what GitHub requires', () => {
    expect(renderGithub([error, warning])).toBe(
      '::error file=m.yaml,line=2,col=3,title=unknown-key::unknown key "at_lest" (hint: did you mean "at_least"?)\n' +
        '::warning title=unknown-event::a, b: 100%25%0Anext\n',
    );
  });
});

describe('json', () => {
  it('splits errors and warnings', () => {
    expect(JSON.parse(renderJson([error, warning], false))).toEqual({
      valid: false,
      errors: [error],
      warnings: [warning],
    });
  });
});
