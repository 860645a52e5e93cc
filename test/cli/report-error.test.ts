/**
 * The top-level error boundary: a user error is its message and hint; an
 * unexpected error (a bug) is ONE line, "internal error: … This is a bug",
 * with the stack only when MILESTONES_DEBUG is set; a closed stdout (EPIPE) is
 * a quiet exit 0.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEBUG_VARIABLE, reportError } from '../../src/cli.js';
import { UserError } from '../../src/errors.js';

function stderrOf(fn: () => number): { code: number; text: string } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { code: fn(), text: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  delete process.env[DEBUG_VARIABLE];
});

describe('reportError', () => {
  it('prints an unexpected error as one line without its stack', () => {
    const { code, text } = stderrOf(() => reportError(new TypeError('boom\nsecond line of detail')));
    expect(code).toBe(2);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/^internal error: TypeError: boom -- This is a bug in milestones/);
    expect(text).toContain(`${DEBUG_VARIABLE}=1`);
    expect(text).not.toMatch(/^\s+at /m);
  });

  it(`adds the stack when ${DEBUG_VARIABLE} is set`, () => {
    process.env[DEBUG_VARIABLE] = '1';
    const { text } = stderrOf(() => reportError(new Error('boom')));
    expect(text).toMatch(/^internal error: Error: boom/);
    expect(text).toMatch(/^\s+at /m);
  });

  it('prints a user error with its hint and exit code', () => {
    const { code, text } = stderrOf(() => reportError(new UserError('bad thing', 1, 'do this')));
    expect(code).toBe(1);
    expect(text).toBe('error: bad thing\n  hint: do this\n');
  });

  it('treats a write to a closed pipe as a quiet success', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const { code, text } = stderrOf(() => reportError(epipe));
    expect(code).toBe(0);
    expect(text).toBe('');
  });
});
