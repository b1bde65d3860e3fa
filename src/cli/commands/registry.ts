import { Option, type Command } from 'commander';
import path from 'node:path';
import { findProjectRoot, loadRepository } from '../../project/load.js';
import { pullSubjects } from '../../registry/pull.js';
import { DEFAULT_REGISTRY_PORT, startRegistry } from '../../registry/server/http.js';
import { registerRepository, type RegisterAction } from '../../registry/sync.js';
import { readConfig } from '../../project/config.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { KontractError } from '../../errors.js';
import { EMBEDDED_REGISTRY_DIR, withRegistry } from '../registry-access.js';
import { EXIT, projectOption, usageError, type CliIO, type ExitCode } from '../io.js';

interface ServeOptions {
  port: string;
  host: string;
  data?: string;
  memory?: boolean;
  auth?: string;
  project?: string;
}

export function registerRegistryServe(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  const registry = program.command('registry').description('the embedded Confluent-compatible schema registry');
  registry
    .command('serve')
    .description('serve the Confluent Schema Registry REST API (durable under .kontract/registry by default)')
    .option('--port <port>', 'TCP port', String(DEFAULT_REGISTRY_PORT))
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data <dir>', `data directory (default: ${EMBEDDED_REGISTRY_DIR} in the project)`)
    .option('--memory', 'keep nothing on disk')
    .option('--auth <user:password>', 'require HTTP basic auth (or set KONTRACT_REGISTRY_AUTH)')
    .addOption(projectOption())
    .addHelpText('after', '\nRuns until SIGINT/SIGTERM. Exit codes: 0 stopped cleanly, 2 usage errors or the data directory is in use.')
    .action((options: ServeOptions) => run(serve(io, options)));
}

async function serve(io: CliIO, options: ServeOptions): Promise<ExitCode> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port ${options.port} is not a port number`);
  if (options.memory && options.data) throw usageError('--memory and --data exclude each other');
  const root = findProjectRoot(options.project ?? io.cwd);
  const dataDir = options.data ? path.resolve(io.cwd, options.data) : path.join(root, EMBEDDED_REGISTRY_DIR);
  const auth = options.auth ?? io.env['KONTRACT_REGISTRY_AUTH'];
  const running = await startRegistry({ port, host: options.host, ...(options.memory ? { memory: true } : { dataDir }), ...(auth !== undefined ? { auth } : {}) });
  io.stdout(`kontract registry listening on ${running.url} (${options.memory ? 'in memory' : `data in ${path.relative(io.cwd, dataDir) || '.'}`}${auth ? ', basic auth' : ''})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  io.stdout('kontract registry stopped\n');
  return EXIT.OK;
}

interface RegisterOptions {
  registry?: string;
  dryRun?: boolean;
  format: 'text' | 'json';
  project?: string;
}

export function registerRegister(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('register')
    .description('register every subject\'s versions in the registry (references first), idempotently, and set per-subject levels')
    .option('--registry <url>', 'registry URL (default: the config\'s registry.url, else the embedded registry in .kontract/)')
    .option('--dry-run', 'change nothing; say what would be registered and whether the registry would accept it')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(projectOption())
    .addHelpText('after', '\nExit codes: 0 registered (or nothing to do), 1 a version was refused, 2 usage, config, schema or registry errors.\nAuth for --registry: KONTRACT_REGISTRY_USER_INFO=user:password or KONTRACT_REGISTRY_TOKEN=<bearer>.')
    .action((options: RegisterOptions) => run(register(io, options)));
}

const OUTCOME_WORD: Record<RegisterAction['outcome'], string> = {
  registered: 'registered',
  unchanged: 'unchanged',
  'would-register': 'would register',
  refused: 'REFUSED',
  failed: 'FAILED',
};

async function register(io: CliIO, options: RegisterOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const repo = loadRepository(root, io.env);
  return withRegistry(root, repo.config, io, options.registry, async (target) => {
    const result = await registerRepository(repo, target.client, { dryRun: options.dryRun ?? false });
    if (options.format === 'json') {
      io.stdout(JSON.stringify({ registry: target.description, dryRun: options.dryRun ?? false, ...result }, null, 2) + '\n');
    } else {
      io.stdout(`kontract register → ${target.description}${options.dryRun ? ' (dry run)' : ''}\n`);
      for (const c of result.configs) {
        if (c.outcome !== 'unchanged') io.stdout(`${c.outcome === 'set' ? 'level set ' : 'would set '} ${c.subject}: ${c.from ?? '(none)'} → ${c.to}\n`);
      }
      for (const a of result.actions) {
        const ids = a.id !== undefined ? ` (id ${a.id}, registry version ${a.registryVersion})` : '';
        io.stdout(`${OUTCOME_WORD[a.outcome].padEnd(15)} ${a.subject} v${a.version}${ids}\n`);
        for (const m of a.messages) io.stdout(`                ${m}\n`);
      }
      const count = (o: RegisterAction['outcome']) => result.actions.filter((a) => a.outcome === o).length;
      io.stdout(
        result.unchanged
          ? `nothing to do: all ${result.actions.length} versions already registered\n`
          : `${count('registered')} registered, ${count('would-register')} to register, ${count('unchanged')} unchanged, ${count('refused')} refused, ${count('failed')} failed\n`,
      );
    }
    return result.ok ? EXIT.OK : EXIT.FINDINGS;
  });
}

interface PullOptions {
  registry?: string;
  subject: string[];
  force?: boolean;
  format: 'text' | 'json';
  project?: string;
}

export function registerPull(program: Command, io: CliIO, run: (code: Promise<ExitCode>) => void): void {
  program
    .command('pull')
    .description('download subjects and their versions from a registry into the schemas/ layout (references come along)')
    .option('--registry <url>', 'registry URL (default: the config\'s registry.url, else the embedded registry)')
    .option('--subject <name>', 'only this subject (repeatable); default: all', (v: string, prev: string[]) => [...prev, v], [])
    .option('--force', 'overwrite version files whose content differs')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(projectOption())
    .addHelpText('after', '\nExit codes: 0 pulled, 1 a version file exists with other content (use --force), 2 usage or registry errors.')
    .action((options: PullOptions) => run(pull(io, options)));
}

async function pull(io: CliIO, options: PullOptions): Promise<ExitCode> {
  const root = findProjectRoot(options.project ?? io.cwd);
  const config = readConfig(root, io.env);
  return withRegistry(root, config, io, options.registry, async (target) => {
    const result = await pullSubjects(target.client, options.subject.length ? { subjects: options.subject } : {});
    const base = path.join(root, config.schemasDir);
    const outcomes: { file: string; outcome: 'written' | 'unchanged' | 'conflict' }[] = [];
    for (const f of result.files) {
      const full = path.join(base, f.path);
      const rel = path.posix.join(config.schemasDir, f.path);
      if (existsSync(full)) {
        const current = readFileSync(full, 'utf8');
        if (current === f.content) {
          outcomes.push({ file: rel, outcome: 'unchanged' });
          continue;
        }
        if (!options.force) {
          outcomes.push({ file: rel, outcome: 'conflict' });
          continue;
        }
      }
      try {
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, f.content);
      } catch (error) {
        throw new KontractError('IO', `cannot write ${rel}: ${(error as Error).message}`, { location: { file: rel } });
      }
      outcomes.push({ file: rel, outcome: 'written' });
    }
    if (options.format === 'json') {
      io.stdout(JSON.stringify({ registry: target.description, subjects: result.subjects, files: outcomes }, null, 2) + '\n');
    } else {
      for (const o of outcomes) {
        if (o.outcome !== 'unchanged') io.stdout(`${o.outcome === 'conflict' ? 'CONFLICT (exists with other content; --force overwrites)' : 'wrote'} ${o.file}\n`);
      }
      for (const s of result.subjects) {
        const renumbered = s.versions.filter((v) => v.registry !== v.repository);
        if (renumbered.length) io.stdout(`note: ${s.subject}: registry versions ${renumbered.map((v) => `${v.registry}→v${v.repository}`).join(', ')} renumbered (the registry has deleted versions)\n`);
        if (s.compatibility && s.compatibility !== config.subjects[s.subject]?.compatibility && s.compatibility !== config.compatibility) {
          io.stdout(`note: ${s.subject} has level ${s.compatibility} in the registry; add "subjects": {"${s.subject}": {"compatibility": "${s.compatibility}"}} to kontract.config.json\n`);
        }
      }
      const n = (o: string) => outcomes.filter((x) => x.outcome === o).length;
      io.stdout(`pulled ${result.subjects.length} subjects from ${target.description}: ${n('written')} files written, ${n('unchanged')} unchanged, ${n('conflict')} conflicts\n`);
    }
    return outcomes.some((o) => o.outcome === 'conflict') ? EXIT.FINDINGS : EXIT.OK;
  });
}
