/**
 * The report's one escape helper, with hostile input: every user-provided
 * string must come out as text, never as markup.
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, markup, trusted } from '../../src/report/escape.js';

const HOSTILE = `<script>alert("x")</script> & 'quoted' "double" &amp;`;

describe('escapeHtml', () => {
  it('escapes the five characters that can open a tag, an entity or an attribute', () => {
    expect(escapeHtml(HOSTILE)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39; &quot;double&quot; &amp;amp;',
    );
  });

  it('escapes & first, so an escaped value is not escaped into something else', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
    expect(escapeHtml('plain text 123')).toBe('plain text 123');
  });
});

describe('markup template', () => {
  it('escapes every interpolated string, in content and in attributes', () => {
    const name = `"><script>x</script>`;
    expect(markup`<td title="${name}">${name}</td>`.text).toBe(
      '<td title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</td>',
    );
  });

  it('inserts Html as is, joins arrays, prints numbers and bigints, drops null and undefined', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    expect(markup`${inner}|${[inner, '&']}|${3}|${12n}|${null}${undefined}`.text).toBe(
      '<b>&lt;i&gt;</b>|<b>&lt;i&gt;</b>&amp;|3|12|',
    );
  });

  it('trusted() is the only way to put raw markup in', () => {
    expect(markup`${trusted('<style>a{}</style>')}`.text).toBe('<style>a{}</style>');
    expect(markup`${'<style>a{}</style>'}`.text).toBe('&lt;style&gt;a{}&lt;/style&gt;');
  });
});
