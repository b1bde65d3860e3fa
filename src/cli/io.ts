import { Option } from 'commander';
import { KontractError, userErrorsOf } from '../errors.js';
import { printReport } from '../report/print.js';
import { errorReport, REPORT_FORMATS, reportExitCode, type Report, type ReportFormat } from '../report/types.js';

/** Exit codes, documented in the README. */
export const EXIT = {
  OK: 0,
  /** Incompatible schemas, failed checks, stale generated code. */
  FINDINGS: 1,
  /** Usage, configuration or schema errors: the input could not be evaluated. */
  INPUT: 2,
  /** A bug in kontract (reported with how to get details). */
  INTERNAL: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a command writes. Tests pass their own; the binary uses the process streams. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colours and progress on stderr only when it is a terminal. */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

export function formatOption(formats: readonly string[] = REPORT_FORMATS): Option {
  return new Option('--format <format>', 'output format').choices([...formats]).default('text');
}

export function projectOption(): Option {
  return new Option('-C, --project <dir>', 'project root (default: nearest folder with kontract.config.json)');
}

/** Print a report in the chosen format and return the exit code it implies. */
export function emitReport(io: CliIO, report: Report, format: ReportFormat, verbose = false): ExitCode {
  const color = format === 'text' && io.isTTY && io.env['NO_COLOR'] === undefined;
  io.stdout(printReport(report, format, { color, verbose }));
  return reportExitCode(report);
}

/**
 * Run a reporting command (`check`, `compat`, `verify`, `lint`). Errors in its input (config, schema, contract, git
 * or registry errors) stop it before it has a report; in the text format they go to stderr as everywhere else, in the
 * other formats they are printed as the report's errors on stdout (JSON entries, JUnit error cases, GitHub
 * annotations, a markdown table) so CI sees them. Exit code 2 either way.
 */
export async function reportingErrors(io: CliIO, command: string, format: ReportFormat, body: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await body();
  } catch (error) {
    const errors = userErrorsOf(error);
    if (!errors || format === 'text') throw error;
    io.stdout(printReport(errorReport(command, errors), format));
    return EXIT.INPUT;
  }
}

export function usageError(message: string, hint?: string): KontractError {
  return new KontractError('USAGE', message, hint === undefined ? {} : { hint });
}
