/**
 * Parses the YAML and keeps what is needed to point at any part of it:
 * `locate(path)` walks the document's nodes along a data path (the same path
 * zod reports) and returns the line and column of the key or the value.
 * Anchors, aliases and merge keys (`<<`) work; a path into aliased or merged
 * content points at the alias (or the mapping) that brought it in.
 */
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Diagnostic, SourceLocation } from '../errors.js';

export type Path = ReadonlyArray<string | number>;

/** Where on a node a diagnostic points: the key (unknown keys) or the value. */
export type Anchor = 'key' | 'value';

export interface YamlSource {
  file: string;
  /** The plain data, or undefined when the YAML did not parse. */
  data: unknown;
  syntaxErrors: Diagnostic[];
  locate(path: Path, anchor?: Anchor): SourceLocation;
}

export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const at = (offset: number): SourceLocation => ({ file, ...lineCounter.linePos(offset) });
  const syntaxErrors: Diagnostic[] = doc.errors.map((error) => ({
    severity: 'error',
    code: 'yaml-syntax',
    ...(/Maximum call stack/.test(error.message)
      ? {
          // The parser recursed out of stack: a file nested hundreds of levels (found by review).
          message: 'the file nests too deeply to be read (hundreds of levels)',
          hint: 'definitions nest a few levels at most: flatten the nested any/all groups',
        }
      : {
          // Some messages carry their own "at line 2, column 1:" and an excerpt; the location says it already.
          message: error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, ''),
          hint: syntaxHint(error.code),
        }),
    location: at(error.pos[0]),
  }));
  if (syntaxErrors.length === 0) syntaxErrors.push(...misreadings(doc, text, at));
  let data: unknown;
  if (syntaxErrors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      // yaml throws (a ReferenceError) when aliases expand past the limit: a "billion laughs" file;
      // and an Error when a merge key (`<<`) names something that is no mapping.
      syntaxErrors.push(
        isMergeError(cause)
          ? mergeError(cause, at(firstMergeOffset(doc)))
          : aliasBomb(cause, at(firstAliasOffset(doc))),
      );
    }
  }
  return { file, data, syntaxErrors, locate: (path, anchor = 'value') => at(offsetOf(doc, path, anchor)) };
}

/**
 * What the parser would read otherwise than it is written, each an error at
 * its place (found by review, all exit 0 before):
 * - a `%YAML 1.1` directive: the parser then reads `1:30` as 90, `012` as
 *   10 and `yes` as true, and dates as timestamps;
 * - a tag (`!!timestamp` made a date that the schema took for a mapping,
 *   `!!float 2` stayed text with a parser warning only);
 * - a plain key read as a number that prints otherwise: `thresholds: {2.10:
 *   7}` overrode criterion 2.1;
 * - a whole number with more digits than a double holds: 9007199254740993
 *   was read as ...992.
 */
function misreadings(doc: Document, text: string, at: (offset: number) => SourceLocation): Diagnostic[] {
  const out: Diagnostic[] = [];
  const problem = (message: string, hint: string, offset: number) =>
    out.push({ severity: 'error', code: 'yaml-reading', message, hint, location: at(offset) });
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version !== '1.2')
    problem(
      `the file asks for YAML ${doc.directives.yaml.version}, which reads 1:30, 012 and yes as numbers and booleans`,
      'remove the %YAML directive: definitions are read as YAML 1.2',
      0,
    );
  const tagged = (_: unknown, node: Node) => {
    if (node.tag === undefined || !node.range) return;
    const tag = node.tag.replace(/^tag:yaml\.org,2002:/, '!!');
    // `!!str 007` is the text 007, as quoting it is: read as written.
    if (tag !== '!!str')
      problem(
        `the tag ${tag} is not read here`,
        'remove the tag; quote the value to keep it as text',
        node.range[0],
      );
  };
  // A whole number written with more digits than a double holds: 9007199254740993 is read as
  // ...992, and an id compared as another id (found by review).
  const rounded = (_: unknown, node: Node) => {
    if (!isScalar(node) || typeof node.value !== 'number' || !node.range) return;
    const written = text.slice(node.range[0], node.range[1]);
    if (!/^[+-]?\d+$/.test(written)) return;
    // Past a double's range (400 digits) the number is Infinity, which no BigInt holds.
    const read = Number.isFinite(node.value) ? String(BigInt(Math.trunc(node.value))) : String(node.value);
    if (read !== String(BigInt(written)))
      problem(
        `the number ${written} is read as ${read}: YAML numbers hold 15 to 17 digits`,
        `quote it to keep its digits: '${written}'`,
        node.range[0],
      );
  };

  visit(doc, {
    Scalar: (key, node) => {
      tagged(key, node);
      // A key is Pair's to judge (a numeric key that prints otherwise), once.
      if (key !== 'key') rounded(key, node);
    },
    Map: tagged,
    Seq: tagged,
    Pair(_, pair) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'number' || !key.range) return;
      const written = text.slice(key.range[0], key.range[1]);
      if (written !== String(key.value))
        problem(
          `the key ${written} is read as the number ${String(key.value)}`,
          `quote it: '${written}'`,
          key.range[0],
        );
    },
  });
  return out;
}

/** How many alias expansions the data may take; far beyond any real file, far below a memory bomb. */
const MAX_ALIAS_COUNT = 1000;

const isMergeError = (cause: unknown) => cause instanceof Error && /^Merge sources/.test(cause.message);

/** A merge key whose source is no mapping: it had been reported as an alias bomb at 1:1 (found by review). */
function mergeError(cause: unknown, location: SourceLocation): Diagnostic {
  return {
    severity: 'error',
    code: 'yaml-syntax',
    message: `a merge key (<<) takes a mapping or an alias of one: ${(cause as Error).message}`,
    hint: 'write <<: *anchor where the anchor names a mapping, or write the keys out',
    location,
  };
}

function firstMergeOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Pair(_key, pair) {
      const key = pair.key;
      // The parser gives a merge key a symbol for its value; a quoted "<<" is a plain key.
      if (!isScalar(key) || !key.range || typeof key.value !== 'symbol') return undefined;
      const value = pair.value;
      const source = isAlias(value) ? value.resolve(doc) : value;
      const mapping = (node: unknown) => isMap(node) || (isAlias(node) && isMap(node.resolve(doc)));
      if (isMap(source) || (isSeq(source) && source.items.every(mapping))) return undefined;
      offset = key.range[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function aliasBomb(cause: unknown, location: SourceLocation): Diagnostic {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (!/Excessive alias count/i.test(reason)) throw cause;
  return {
    severity: 'error',
    code: 'yaml-aliases',
    message: `the aliases expand to too much data (more than ${MAX_ALIAS_COUNT} expansions)`,
    hint: 'aliases that repeat aliases grow exponentially: write the repeated parts out, or alias less',
    location,
  };
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = rangeStart(node) ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once in a mapping; remove or rename one';
    case 'MULTIPLE_DOCS':
      return 'the definitions are one YAML document: remove the extra ---';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    default:
      return 'check the indentation and the brackets and quotes around this point';
  }
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** Offset of the node at `path`, or of the nearest ancestor written in the file. */
function offsetOf(doc: Document, path: Path, anchor: Anchor): number {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    if (isAlias(node)) break;
    pair = undefined;
    if (isMap(node)) {
      pair = node.items.find((item) => isPair(item) && keyText(item) === String(segment));
      if (!pair) break;
      node = pair.value;
      // An empty value (`criteria:` with nothing after it) has no node of its own: point at its key.
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  if (anchor === 'key' && pair) return rangeStart(pair.key) ?? offset;
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
