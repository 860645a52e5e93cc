/**
 * The only way text gets into the report's HTML. Every interpolated value of
 * the `markup` template is escaped unless it is already `Html` (built by this
 * module), so a user-provided id or name can never open a tag or an attribute:
 *
 *   markup`<td title="${name}">${name}</td>` with name = `"><script>`
 *   -> <td title="&quot;&gt;&lt;script&gt;">&quot;&gt;&lt;script&gt;</td>
 */

/** Text made safe for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A fragment of markup that is already safe. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | bigint | null | undefined | readonly HtmlValue[];

/** One interpolated value as markup: Html as is, arrays joined, anything else escaped. */
function fragment(value: HtmlValue): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(fragment).join('');
  if (value === null || value === undefined) return '';
  return escapeHtml(String(value));
}

/**
 * Tagged template: the literal parts are trusted markup, every value is
 * escaped. (Not named `html`: Prettier would reformat such templates as
 * embedded HTML and change the report's bytes.)
 */
export function markup(parts: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let text = parts[0] ?? '';
  values.forEach((value, i) => {
    text += fragment(value) + (parts[i + 1] ?? '');
  });
  return new Html(text);
}

/** Markup written in this code base (CSS, fixed SVG), never user input. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
