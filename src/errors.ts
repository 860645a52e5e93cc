/**
 * Errors are values. A Diagnostic is one problem found in the user's input,
 * with a location and a one-line fix hint; a UserError ends a command with
 * the exit code the contract gives (1 invalid input, 2 usage or runtime).
 */

export type Severity = 'error' | 'warning';

export interface SourceLocation {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Short kebab-case code, e.g. "unknown-key", "cycle", "bad-duration". */
  code: string;
  message: string;
  hint?: string;
  location?: SourceLocation;
  /**
   * The config setting a problem found after loading the definitions is about
   * (`sources.events.properties.amount`): the loader turns it into a location
   * in the config file (definitions/setting-locations.ts).
   */
  setting?: string;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_FAILURE = 2;

/** An error the user can fix; printed without a stack. */
export class UserError extends Error {
  /** The config setting the error is about, and where it is (see Diagnostic.setting). */
  setting?: string;
  location?: SourceLocation;

  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
    readonly hint?: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** `file:line:col ` of a location, or nothing. */
export const where = (location: SourceLocation | undefined): string =>
  location ? `${location.file}:${location.line}:${location.col} ` : '';

/** Invalid definitions or input data: exit 1, with every diagnostic found. */
export class InvalidInputError extends UserError {
  constructor(message: string, diagnostics: Diagnostic[] = [], hint?: string) {
    super(message, EXIT_INVALID, hint, diagnostics);
    this.name = 'InvalidInputError';
  }
}

// eslint-disable-next-line no-control-regex -- control characters are what this replaces
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
// C1 controls (U+009B is a CSI, U+009D an OSC to many terminals) and bidirectional ones.
const OTHER_CONTROLS = /[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for the terminal with its control characters shown, not obeyed: names
 * in messages come from the data and the config, and an event named
 * `x\e]0;pwned\a` had set the terminal's title from a hint (found by review).
 * ESC and the other C0 controls print as their symbols (␛), C1 and
 * bidirectional controls as U+FFFD; newlines and tabs stay.
 */
export function visible(text: string): string {
  return text
    .replace(TERMINAL_CONTROLS, (c) =>
      String.fromCharCode(c === '\u007f' ? 0x2421 : 0x2400 + c.charCodeAt(0)),
    )
    .replace(OTHER_CONTROLS, '\ufffd');
}

/** `file:line:col severity[code]: message`, then `  hint: ...`. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${visible(where(d.location))}${d.severity}[${d.code}]: ${visible(d.message)}`;
  return d.hint ? `${head}\n  hint: ${visible(d.hint)}` : head;
}
