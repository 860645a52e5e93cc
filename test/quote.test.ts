import { describe, expect, it } from 'vitest';
import { fileLiteral, globLiteral, ident, indentSql, jsonPath, literal, str } from '../src/compiler/quote.js';
import { formatDiagnostic, visible } from '../src/errors.js';
import { renderCsv, renderTable } from '../src/output/format.js';

describe('quoting', () => {
  const nasty = `"';DROP TABLE x;--`;

  it('doubles quotes in identifiers', () => {
    // " -> "" inside a double-quoted identifier
    expect(ident(nasty)).toBe(`"""';DROP TABLE x;--"`);
  });

  it('doubles single quotes in strings', () => {
    expect(str(nasty)).toBe(`'"'';DROP TABLE x;--'`);
  });

  it('keeps YAML types in literals', () => {
    expect(literal(3)).toBe('3');
    expect(literal(true)).toBe('TRUE');
    expect(literal(null)).toBe('NULL');
    expect(literal('a')).toBe("'a'");
    expect(literal(1.5)).toBe('CAST(1.5 AS DOUBLE)');
    // JSON Pointer: taken literally; ~ and / are the only escapes (RFC 6901), ' is doubled by str.
    expect(jsonPath('a"b')).toBe(`'/a"b'`);
    expect(jsonPath("a/b~c'*")).toBe(`'/a~1b~0c''*'`);
  });

  it('rejects NUL characters', () => {
    expect(() => ident('a\u0000')).toThrow(/NUL/);
  });

  it('reads a path with glob characters literally in DuckDB glob syntax', () => {
    expect(globLiteral('/data/proj[1]/ev?.csv')).toBe('/data/proj[[]1]/ev[?].csv');
    expect(globLiteral('/d/a*b]c')).toBe('/d/a[*]b]c');
    expect(globLiteral('/plain/path.csv')).toBe('/plain/path.csv');
    expect(fileLiteral("/d/o'k[1].csv")).toBe("'/d/o''k[[]1].csv'");
  });

  it('indents SQL lines but not the newlines inside quoted strings and names', () => {
    // Outside quotes every newline is indented; inside '...' and "..." (doubled quotes stay inside) none is.
    expect(indentSql(`a\n${str("x\n'y")}\n${ident('b\n"c')}\nd`, '  ')).toBe(
      `a\n  'x\n''y'\n  "b\n""c"\n  d`,
    );
    // A quote in a comment opens nothing: the line after the comment is indented.
    expect(indentSql("-- don't\nx", '  ')).toBe("-- don't\n  x");
  });
});

describe('text printed to the terminal', () => {
  it('shows control characters instead of obeying them', () => {
    // ESC ] 0 ; ... BEL would set the window title; ESC [ 2 J clears the screen.
    const d = {
      severity: 'warning' as const,
      code: 'x',
      message: 'event "app\u001b]0;pwned\u0007" never occurs',
      hint: 'did you mean "a1\u001b[2J"?',
    };
    expect(formatDiagnostic(d)).toBe(
      'warning[x]: event "app\u241b]0;pwned\u2407" never occurs\n  hint: did you mean "a1\u241b[2J"?',
    );
    expect(visible('a\tb\u202ec')).toBe('a\tb\ufffdc');
  });
});

describe('terminal tables', () => {
  it('show control characters in cells instead of obeying them; CSV keeps them', () => {
    const rows = [{ actor_id: 'a1\u001b[2J' }];
    expect(renderTable(rows, ['actor_id'], 80)).toContain('a1\u241b[2J');
    expect(renderTable(rows, ['actor_id'], 80)).not.toContain('\u001b[2J');
    expect(renderCsv(rows)).toContain('a1\u001b[2J');
  });
});

describe('a location printed to the terminal', () => {
  it('shows the control characters of a file name, and C1 controls as U+FFFD', () => {
    const d = {
      severity: 'error' as const,
      code: 'rejected-row',
      message: 'bad \u009b31m row',
      location: { file: 'e2\u001b]0;T\u0007.csv', line: 2, col: 1 },
    };
    expect(formatDiagnostic(d)).toBe('e2\u241b]0;T\u2407.csv:2:1 error[rejected-row]: bad \ufffd31m row');
  });
});
