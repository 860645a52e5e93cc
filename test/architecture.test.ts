/**
 * The layering rules of docs/ARCHITECTURE.md, checked on the source text:
 * warehouse/ (DuckDB session, catalog, loading) depends on nothing above it,
 * and it is the only place that imports DuckDB.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** Every module specifier a TypeScript file imports or re-exports (static and dynamic). */
function importsOf(text: string): string[] {
  const specs: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(pattern)) specs.push(m[1]!);
  return specs;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('architecture', () => {
  it('finds imports in the forms the code uses', () => {
    const text = [
      "import type { A } from '../output/a.js';",
      'import {\n  b,\n} from "../commands/b.js";',
      "export { c } from './c.js';",
      "const d = await import('@duckdb/node-api');",
      "import './side-effect.js';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      '../output/a.js',
      '../commands/b.js',
      './c.js',
      '@duckdb/node-api',
      './side-effect.js',
    ]);
  });

  it('warehouse/ imports nothing from output/ or commands/', () => {
    const files = readdirSync(join(SRC, 'warehouse')).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((f) =>
      importsOf(readFileSync(join(SRC, 'warehouse', f), 'utf8'))
        .filter((s) => /^\.\.\/(output|commands)\//.test(s))
        .map((s) => `warehouse/${f} imports ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('only warehouse/ imports @duckdb/node-api', () => {
    const files = tsFiles(SRC);
    const importers = files
      .filter((f) => importsOf(readFileSync(f, 'utf8')).some((s) => s.startsWith('@duckdb/node-api')))
      .map((f) => relative(SRC, f).split('\\').join('/'));
    // The rule must be checking something: the session does open DuckDB.
    expect(importers).toContain('warehouse/duckdb-instance.ts');
    expect(importers.filter((f) => !f.startsWith('warehouse/'))).toEqual([]);
  });
});
