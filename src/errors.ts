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

/** `file:line:col severity[code]: message`, then `  hint: ...`. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${where(d.location)}${d.severity}[${d.code}]: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}
