/**
 * A small, strict XML parser for tests (no XML library is a dependency): the
 * XML declaration, elements, attributes in quotes, text and the five entities
 * plus numeric references. Anything else (an unclosed or mismatched tag, a
 * bare `&` or `<`, a duplicate attribute, text outside the root) throws.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/[<]/.test(raw)) throw new Error(`bare < in ${JSON.stringify(raw)}`);
  return raw.replace(/&([^;]*);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare & in ${JSON.stringify(raw)}`);
    if (entity in ENTITIES) return ENTITIES[entity]!;
    const code = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity);
    if (!code) throw new Error(`unknown entity ${whole}`);
    return String.fromCodePoint(parseInt(code[1]!.replace(/^x/, ''), code[1]!.startsWith('x') ? 16 : 10));
  });
}

export function parseXml(text: string): XmlElement {
  let i = 0;
  const rest = () => text.slice(i);
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  skipSpace();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    if (text[i] !== '<') {
      const end = text.indexOf('<', i);
      const raw = text.slice(i, end < 0 ? text.length : end);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(raw)}`);
      } else stack[stack.length - 1]!.text += decode(raw);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (text.startsWith('</', i)) {
      i += 2;
      const name = NAME.exec(rest())?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name) throw new Error(`mismatched </${name}> at ${i}`);
      i += name.length;
      skipSpace();
      if (text[i] !== '>') throw new Error(`bad closing tag </${name}`);
      i++;
      continue;
    }
    i++;
    const name = NAME.exec(rest())?.[0];
    if (!name) throw new Error(`bad tag at ${i}`);
    if (root && stack.length === 0) throw new Error('a second root element');
    i += name.length;
    const element: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (text.startsWith('/>', i) || text[i] === '>') break;
      const attribute = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest());
      if (!attribute) throw new Error(`bad attribute in <${name}> at ${i}`);
      if (attribute[1]! in element.attributes) throw new Error(`duplicate attribute ${attribute[1]}`);
      element.attributes[attribute[1]!] = decode(attribute[3] ?? attribute[4] ?? '');
      i += attribute[0].length;
    }
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else root = element;
    if (text.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}
