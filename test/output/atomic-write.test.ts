/**
 * Atomic writes: the temp name carries the writer's pid, so that a later run
 * can tell a killed writer's leftover from a live one's file in progress.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  statSync,
  symlinkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { tempPathFor, writeFileAtomic } from '../../src/output/atomic-write.js';
import { removeStaleTemps, STALE_AFTER_MS } from '../../src/output/stale-temps.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'milestones-atomic-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A pid no process has: above Linux's pid_max limit (2^22). */
const NO_SUCH_PID = 5_000_000;

describe('atomic writes', () => {
  it('writes a file whose name is valid but too long to take the temp suffix (249 bytes)', () => {
    // ".<249 bytes>.<pid>-<12 hex>.tmp" passes the 255-byte limit: ENAMETOOLONG before the fix.
    const dir = fresh();
    const target = join(dir, `${'é'.repeat(60)}${'x'.repeat(125)}.csv`);
    expect(Buffer.byteLength(basename(target))).toBe(249);
    writeFileAtomic(target, 'a\n');
    expect(readFileSync(target, 'utf8')).toBe('a\n');
    expect(readdirSync(dir)).toEqual([basename(target)]);
    const temp = basename(tempPathFor(target));
    expect(Buffer.byteLength(temp)).toBeLessThanOrEqual(255);
    // A dead writer's leftover under the shortened name is still found and removed.
    const leftover = join(dir, temp.replace(`.${process.pid}-`, `.${NO_SUCH_PID}-`));
    writeFileSync(leftover, 'partial');
    expect(removeStaleTemps(target)).toEqual([leftover]);
  });

  it("keeps a replaced file's permissions, and writes through a symbolic link instead of replacing it", () => {
    // Before: a 0444 file came back 0644, and `-o link.csv` turned the link into a regular file.
    const dir = fresh();
    const kept = join(dir, 'kept.csv');
    writeFileSync(kept, 'old\n');
    chmodSync(kept, 0o440);
    writeFileAtomic(kept, 'new\n');
    expect(readFileSync(kept, 'utf8')).toBe('new\n');
    expect(statSync(kept).mode & 0o777).toBe(0o440);
    const real = join(dir, 'real.csv');
    writeFileSync(real, 'old\n');
    const link = join(dir, 'link.csv');
    symlinkSync(real, link);
    writeFileAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('new\n');
    // A dangling link (relative) is written where it points, as `>` would; the link stays.
    const dangling = join(dir, 'dangling.csv');
    symlinkSync('later.csv', dangling);
    writeFileAtomic(dangling, 'first\n');
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'later.csv'), 'utf8')).toBe('first\n');
  });

  it('names the temp file beside the target with this process pid', () => {
    const dir = fresh();
    const temp = tempPathFor(join(dir, 'out.csv'));
    expect(dirname(temp)).toBe(dir);
    expect(basename(temp)).toMatch(new RegExp(`^\\.out\\.csv\\.${process.pid}-[0-9a-f]{12}\\.tmp$`));
  });

  it('removes a dead writer’s and an idle temp file, keeps live and foreign ones', () => {
    const dir = fresh();
    const target = join(dir, 'r.html');
    const names = {
      dead: `.r.html.${NO_SUCH_PID}-aaaaaaaaaaaa.tmp`,
      idle: '.r.html.bbbbbbbbbbbb.tmp',
      live: `.r.html.${process.pid}-cccccccccccc.tmp`,
      fresh: '.r.html.dddddddddddd.tmp',
      foreign: '.r.html.mine.tmp',
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), '');
    const past = (Date.now() - STALE_AFTER_MS - 60_000) / 1000;
    utimesSync(join(dir, names.idle), past, past);
    const removed = removeStaleTemps(target).map((p) => basename(p));
    expect(removed.sort()).toEqual([names.dead, names.idle].sort());
    expect(readdirSync(dir).sort()).toEqual([names.live, names.fresh, names.foreign].sort());
  });

  it('writeFileAtomic sweeps before writing and leaves only the target', () => {
    const dir = fresh();
    writeFileSync(join(dir, `.r.html.${NO_SUCH_PID}-aaaaaaaaaaaa.tmp`), 'old');
    writeFileAtomic(join(dir, 'r.html'), 'new');
    expect(readdirSync(dir)).toEqual(['r.html']);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toBe('new');
  });

  it('a missing folder or a folder as target is a user error naming the path', () => {
    const dir = fresh();
    const missing = join(dir, 'nodir', 'x.csv');
    expect(() => writeFileAtomic(missing, 'x')).toThrow(UserError);
    expect(() => writeFileAtomic(missing, 'x')).toThrow(
      `cannot write ${missing}: the folder ${dirname(missing)} does not exist`,
    );
    expect(() => writeFileAtomic(dir, 'x')).toThrow(`cannot write ${dir}: it is a folder`);
    expect(existsSync(join(dir, 'nodir'))).toBe(false);
  });
});
