import { describe, expect, it } from 'vitest';
import { columnDefinitions, replaceTableSql } from '../../src/compiler/stored-columns.js';

describe('published columns name their compression', () => {
  it('names a dictionary for codes, FSST for ids, nothing for user text and other types', () => {
    expect(
      columnDefinitions(
        [
          ['milestone_id', 'VARCHAR'],
          ['actor_id', 'VARCHAR'],
          ['answer', 'VARCHAR'],
          ['ts', 'TIMESTAMP'],
        ],
        'named',
      ),
    ).toBe(
      '"milestone_id" VARCHAR USING COMPRESSION dictionary, "actor_id" VARCHAR USING COMPRESSION fsst, ' +
        '"answer" VARCHAR, "ts" TIMESTAMP',
    );
  });

  it('names none where the warehouse does not take the names (and by default)', () => {
    expect(columnDefinitions([['milestone_id', 'VARCHAR']], 'auto')).toBe('"milestone_id" VARCHAR');
    expect(columnDefinitions([['actor_id', 'VARCHAR']])).toBe('"actor_id" VARCHAR');
  });

  it('replaces a table column by column, in the given order', () => {
    expect(
      replaceTableSql(
        '"t"',
        [
          ['level', 'VARCHAR'],
          ['n', 'BIGINT'],
        ],
        '"_t"',
        '"n"',
        'named',
      ),
    ).toBe(
      'CREATE OR REPLACE TABLE "t" ("level" VARCHAR USING COMPRESSION dictionary, "n" BIGINT);\n' +
        'INSERT INTO "t" ("level", "n")\nSELECT "level", "n" FROM "_t"\nORDER BY "n"',
    );
  });
});
