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

/**
 * The process streams. A reader that goes away (`kontract rules | head -5`) closes the pipe: writes then fail with
 * EPIPE, which Node reports as an 'error' event that would crash the process with a stack trace. Output to a closed
 * stream is dropped instead, and the command finishes with its own exit code.
 */
export function processIO(): CliIO {
  const stdout = quietOnClose(process.stdout);
  const stderr = quietOnClose(process.stderr);
  return {
    stdout: (t) => stdout(t),
    stderr: (t) => stderr(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}

const closedStreams = new WeakMap<NodeJS.WriteStream, { closed: boolean }>();

/** A writer to `stream` that stops writing, silently, once the stream's reader has gone (EPIPE). */
export function quietOnClose(stream: NodeJS.WriteStream): (text: string) => void {
  let state = closedStreams.get(stream);
  if (!state) {
    const s = { closed: false };
    closedStreams.set(stream, (state = s));
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        s.closed = true;
        return;
      }
      throw error;
    });
  }
  const s = state;
  return (text) => {
    if (!s.closed && !stream.destroyed) stream.write(text);
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
