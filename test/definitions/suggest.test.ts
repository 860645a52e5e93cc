import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../src/definitions/suggest.js';

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('at_lest', 'at_least')).toBe(1); // one insertion
    expect(editDistance('evnet', 'event')).toBe(1); // one transposition
    expect(editDistance('kitten', 'sitting')).toBe(3); // k->s, e->i, +g
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('did you mean', () => {
  const keys = ['id', 'event', 'where', 'at_least', 'per', 'count', 'within'];

  it('suggests a close key', () => {
    expect(didYouMean('at_lest', keys)).toBe('did you mean "at_least"?');
    expect(closest('wihtin', keys)).toBe('within');
  });

  it('suggests nothing for a very different word', () => {
    expect(closest('colour', keys)).toBeUndefined();
    expect(closest('zzz', keys)).toBeUndefined();
  });

  it('ignores case and accepts an abbreviation', () => {
    expect(closest('varchar', ['VARCHAR', 'DOUBLE'])).toBe('VARCHAR');
    expect(closest('prop', ['property'])).toBe('property');
  });

  it('does not suggest the word itself', () => {
    expect(closest('event', ['event'])).toBeUndefined();
  });
});
