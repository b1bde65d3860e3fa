#!/usr/bin/env node
import { CommanderError, Command } from 'commander';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeError, userErrorsOf } from '../errors.js';
import { registerCanIDeploy } from './commands/can-i-deploy.js';
import { registerCheck } from './commands/check.js';
import { registerCodegen } from './commands/codegen.js';
import { registerCompat } from './commands/compat.js';
import { registerExamples } from './commands/examples.js';
import { registerLag } from './commands/lag.js';
import { registerLint } from './commands/lint.js';
import { registerPull, registerRegister, registerRegistryServe } from './commands/registry.js';
import { registerRules } from './commands/rules.js';
import { registerVerify } from './commands/verify.js';
import { EXIT, processIO, type CliIO, type ExitCode } from './io.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Every command, in the order `--help` lists them. */
const COMMANDS = [
  registerCodegen,
  registerCheck,
  registerCompat,
  registerVerify,
  registerCanIDeploy,
  registerLint,
  registerExamples,
  registerRegister,
  registerPull,
  registerRegistryServe,
  registerLag,
  registerRules,
];

/**
 * Run the CLI with `argv` (without `node` and the script path) and return its exit code. The binary calls it
 * with `process.argv.slice(2)`; tests call it directly with their own {@link CliIO}.
 */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<ExitCode> {
  let pending: Promise<ExitCode> | undefined;
  const program = new Command('kontract')
    .description('Kafka event contracts that are safe to change: codegen, Confluent-exact compatibility checks, registry, typed clients, contract tests.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // Subcommands own their options: `can-i-deploy --version 3` is not the program's `--version`.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .addHelpText('after', '\nExit codes: 0 success, 1 findings (incompatible, failed checks, stale code), 2 usage/config/schema errors, 3 internal error.');
  for (const register of COMMANDS) register(program, io, (p) => (pending = p));
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  try {
    await program.parseAsync(argv, { from: 'user' });
    if (pending === undefined) {
      io.stdout(program.helpInformation());
      return EXIT.OK;
    }
    return await pending;
  } catch (error) {
    return handleError(io, error);
  }
}

function handleError(io: CliIO, error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version are "errors" to commander; commander already printed what was needed.
    return error.exitCode === 0 ? EXIT.OK : EXIT.INPUT;
  }
  const userErrors = userErrorsOf(error);
  if (userErrors) {
    for (const e of userErrors) io.stderr(`kontract: ${describeError(e)}\n`);
    if (userErrors.length > 1) io.stderr(`kontract: ${userErrors.length} problems\n`);
    return EXIT.INPUT;
  }
  const detail = io.env['KONTRACT_DEBUG'] ? `\n${(error as Error)?.stack ?? String(error)}` : ' (set KONTRACT_DEBUG=1 for details)';
  io.stderr(`kontract: internal error: ${(error as Error)?.message ?? String(error)}${detail}\n`);
  return EXIT.INTERNAL;
}

// Run when executed as the binary (directly or through the npm bin link), not when imported by tests.
function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}
if (isEntryPoint()) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
