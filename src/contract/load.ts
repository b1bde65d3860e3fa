/**
 * Reading the contracts folder (working tree or a git revision) and resolving it against a repository.
 * Layout: `<contracts dir>/<service>.json` (one contract per service; `*.schema.json` files are editor schemas),
 * reader schema files anywhere below the folder, e.g. `<contracts dir>/<service>/<topic>.avsc`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { KontractError, KontractErrorList } from '../errors.js';
import { contractsSettings } from '../project/config.js';
import type { KontractConfig, SchemaRepository } from '../project/types.js';
import { parseContract } from './parse.js';
import { resolveContracts } from './resolve.js';
import type { ContractSet, ServiceContract } from './types.js';

/** Contract files and reader schemas: path relative to the project root (`/` separators) → text. */
export type ContractFiles = ReadonlyMap<string, string>;

/** Every file under the contracts folder of the working tree; empty when the folder does not exist. */
export function readContractFiles(root: string, config: KontractConfig): Map<string, string> {
  const dir = contractsSettings(config).dir;
  const files = new Map<string, string>();
  const base = path.join(root, dir);
  if (!existsSync(base)) return files;
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(base);
  return files;
}

/** Every file under the contracts folder as it was at git revision `ref`. */
export function readContractFilesAtRevision(root: string, ref: string, config: KontractConfig): Map<string, string> {
  const dir = contractsSettings(config).dir;
  const files = new Map<string, string>();
  let listing: string;
  try {
    listing = execFileSync('git', ['ls-tree', '-r', '--name-only', '-z', ref, '--', `${dir}/`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new KontractError('USAGE', `cannot list ${dir}/ at git revision "${ref}": ${String((error as { stderr?: unknown }).stderr ?? (error as Error).message).trim()}`, {
      hint: `Check that "${ref}" is a commit of this repository.`,
    });
  }
  for (const name of listing.split('\0').filter((n) => n.length > 0).sort()) {
    const text = execFileSync('git', ['show', `${ref}:./${name}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    files.set(name, text);
  }
  return files;
}

/** The contracts among `files`: top-level `<service>.json` files of the contracts folder. Every bad file is reported together. */
export function parseContractFiles(files: ContractFiles, config: KontractConfig): ServiceContract[] {
  const dir = contractsSettings(config).dir.replace(/\/$/, '');
  const contracts: ServiceContract[] = [];
  const errors: KontractError[] = [];
  for (const [file, text] of files) {
    const rest = file.slice(dir.length + 1);
    if (!file.startsWith(`${dir}/`) || rest.includes('/') || !rest.endsWith('.json') || rest.endsWith('.schema.json')) continue;
    try {
      contracts.push(parseContract(text, file));
    } catch (error) {
      if (!(error instanceof KontractError)) throw error;
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new KontractErrorList(errors);
  return contracts.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/** Parse and resolve the contracts in `files` against `repo`. */
export function contractSetOf(repo: SchemaRepository, files: ContractFiles): ContractSet {
  const dir = contractsSettings(repo.config).dir.replace(/\/$/, '');
  return resolveContracts(repo, parseContractFiles(files, repo.config), (file) => files.get(file), dir);
}

/** The working tree's contracts, resolved against `repo`. */
export function loadContracts(repo: SchemaRepository): ContractSet {
  return contractSetOf(repo, readContractFiles(repo.root, repo.config));
}
