/**
 * The tables of a command's `--format json` document, with every value as
 * the text CSV would carry (null -> ''), for tests that read several tables
 * from one run (CSV on stdout carries one table: output/table-choice.ts).
 */
export function jsonTables(stdout: string, keys: string[]): Record<string, string>[][] {
  const document = JSON.parse(stdout) as Record<string, Record<string, unknown>[] | undefined>;
  return keys.map((key) =>
    (document[key] ?? []).map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
      ),
    ),
  );
}
