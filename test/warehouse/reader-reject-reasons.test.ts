import { describe, expect, it } from 'vitest';
import { countFields, explainReaderReject } from '../../src/warehouse/reader-reject-reasons.js';

const rfc = { delimiter: ',', quote: '"', escape: '"' };

describe('countFields', () => {
  it('counts delimiters outside quotes', () => {
    // a | "b,c" | d -> 3 fields (the comma inside quotes does not split)
    expect(countFields('a,"b,c",d', rfc)).toBe(3);
    // a doubled quote inside quotes stays inside: a | "x""," | y -> 3
    expect(countFields('a,"x"",",y', rfc)).toBe(3);
    // unquoted JSON splits on each comma: ts | acme | {"t":[1 | 2]} | x -> 5
    expect(countFields('ts,acme,{"t":[1,2]},x', rfc)).toBe(5);
    // empty fields count: , , -> 3
    expect(countFields(',,', rfc)).toBe(3);
  });

  it('follows a backslash escape and another delimiter', () => {
    // "a\"; b" is one field; then c -> 2
    expect(countFields('"a\\"; b";c', { delimiter: ';', quote: '"', escape: '\\' })).toBe(2);
  });
});

describe('explainReaderReject', () => {
  const dialect = { width: 3, ...rfc };
  it('rewords a field-count error with both counts', () => {
    const row = {
      file: 'e.csv',
      line: 3,
      reason: 'Could not convert string "[1" to \'JSON\'',
      kind: 'TOO MANY COLUMNS',
    };
    // 2026-01-01 | acme | signup | [1 | 2] -> 5 columns, header 3
    const text = '2026-01-01,acme,signup,[1,2]';
    expect(explainReaderReject({ ...row, text }, dialect).reason).toBe(
      'the row has 5 columns where the header has 3',
    );
  });

  it('leaves a cast error alone', () => {
    const row = { file: 'e.csv', line: 3, reason: 'Could not convert', kind: 'CAST' };
    expect(explainReaderReject(row, dialect)).toEqual(row);
  });
});
