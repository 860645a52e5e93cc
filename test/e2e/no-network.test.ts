/**
 * The program never reaches the network (SPEC §6): DuckDB would download
 * sqlite_scanner, httpfs or motherduck to open a SQLite file, an https:// or
 * s3:// warehouse, or md:; with auto-install and auto-load off, and those
 * warehouses refused before DuckDB sees them, nothing is installed or loaded.
 * Each run gets a fresh HOME: DuckDB's extension folder is $HOME/.duckdb, so
 * its absence afterwards proves no install was tried (the built CLI, `npm run build` first).
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tinyProject } from './helpers/tiny-project.js';

const SESSION = join(ROOT, 'dist', 'warehouse', 'session.js');

let dir: string;
let home: string;
beforeAll(async () => {
  dir = await tinyProject('network');
  home = join(dir, 'home');
  // A SQLite file's header, then zeros: enough for DuckDB to take it for SQLite.
  writeFileSync(join(dir, 'lite.db'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4080)]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = () => ({ HOME: home, NO_COLOR: '1' });
const cli = (...args: string[]) => execa('node', [BIN, ...args], { cwd: dir, reject: false, env: env() });

describe('no network', () => {
  it.each([
    ['lite.db', /lite\.db is a SQLite database/],
    ['md:x', /md:x is not a local file/],
    ['https://example.com/w.duckdb', /https:\/\/example\.com\/w\.duckdb is not a local file/],
    ['s3://bucket/w.duckdb', /s3:\/\/bucket\/w\.duckdb is not a local file/],
  ])('--db %s is refused with our error (exit 2), and no extension is installed', async (db, message) => {
    // compute opens read-write, export read-only: both paths, run side by side (CI is slow).
    const commands = [['compute'], ['export', 'milestone_status']];
    const results = await Promise.all(commands.map((command) => cli(...command, '--db', db)));
    results.forEach((result, i) => {
      expect(result.exitCode, `${commands[i]?.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('hint:');
      expect(result.stderr).not.toMatch(/internal error|extension|download/i);
    });
    expect(existsSync(join(home, '.duckdb')), 'DuckDB created its extension folder').toBe(false);
  });

  it('every DuckDB instance has auto-install and auto-load off, and only built-in extensions loaded', async () => {
    // In a child process, so that DuckDB takes the fresh HOME for its extension folder.
    const script = `
      import { Warehouse } from ${JSON.stringify(SESSION)};
      const w = await Warehouse.open(':memory:');
      const out = {};
      out.settings = await w.allJson(\`SELECT current_setting('autoinstall_known_extensions') AS install,
        current_setting('autoload_known_extensions') AS autoload,
        current_setting('allow_community_extensions') AS community\`);
      out.loaded = (await w.allJson("SELECT extension_name AS name FROM duckdb_extensions() WHERE loaded AND install_mode <> 'STATICALLY_LINKED'")).map((r) => r.name);
      out.errors = [];
      // What a SQLite warehouse, a remote source or MotherDuck would need: each must fail without a download.
      for (const sql of ["ATTACH 'lite.db' (TYPE sqlite)", "SELECT * FROM read_csv('https://example.com/x.csv')", "ATTACH 'md:x'"]) {
        try { await w.run(sql); out.errors.push('no error: ' + sql); } catch (e) { out.errors.push(e.message.split('\\n')[0]); }
      }
      out.loadedAfter = (await w.allJson("SELECT extension_name AS name FROM duckdb_extensions() WHERE loaded AND install_mode <> 'STATICALLY_LINKED'")).map((r) => r.name);
      w.close();
      process.stdout.write(JSON.stringify(out));
    `;
    const result = await execa('node', ['--input-type=module', '-e', script], {
      cwd: dir,
      env: env(),
      reject: false,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      settings: Record<string, unknown>[];
      loaded: string[];
      errors: string[];
      loadedAfter: string[];
    };
    expect(out.settings).toEqual([{ install: false, autoload: false, community: false }]);
    expect(out.loaded).toEqual([]);
    expect(out.loadedAfter).toEqual([]);
    expect(out.errors).toHaveLength(3);
    for (const error of out.errors) {
      expect(error).not.toMatch(/no error|download|Autoloading/i);
    }
    expect(existsSync(join(home, '.duckdb', 'extensions')), 'DuckDB tried to install an extension').toBe(
      false,
    );
  });
});
