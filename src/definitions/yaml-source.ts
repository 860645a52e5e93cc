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
    // Some messages carry their own "at line 2, column 1:" and an excerpt; the location says it already.
    message: error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, ''),
    hint: syntaxHint(error.code),
    location: at(error.pos[0]),
  }));
  let data: unknown;
  if (syntaxErrors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (cause) {
      // yaml throws (a ReferenceError) when aliases expand past the limit: a "billion laughs" file.
      syntaxErrors.push(aliasBomb(cause, at(firstAliasOffset(doc))));
    }
  }
  return { file, data, syntaxErrors, locate: (path, anchor = 'value') => at(offsetOf(doc, path, anchor)) };
}

/** How many alias expansions the data may take; far beyond any real file, far below a memory bomb. */
const MAX_ALIAS_COUNT = 1000;

function aliasBomb(cause: unknown, location: SourceLocation): Diagnostic {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (!/alias/i.test(reason)) throw cause;
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
