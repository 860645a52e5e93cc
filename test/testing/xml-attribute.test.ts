/**
 * JUnit attributes keep line breaks and tabs as character references: written
 * raw, XML parsers read them as spaces, and a test named "a\nb" showed in CI
 * as "a b" (found by review).
 */
import { describe, expect, it } from 'vitest';
import { xmlAttribute, xmlEscape } from '../../src/testing/ci-report.js';

describe('xmlAttribute', () => {
  it('escapes the five entities, and line breaks and tabs as references', () => {
    expect(xmlAttribute('a\nb\r\tc "d" <e> & \'f\'')).toBe(
      'a&#10;b&#13;&#9;c &quot;d&quot; &lt;e&gt; &amp; &apos;f&apos;',
    );
  });

  it('leaves line breaks in text content as they are', () => {
    expect(xmlEscape('a\nb')).toBe('a\nb');
  });
});
