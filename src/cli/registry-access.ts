import path from 'node:path';
import { KontractError } from '../errors.js';
import type { KontractConfig } from '../project/types.js';
import { createRegistryClient, type RegistryClient } from '../registry/client/index.js';
import { startRegistry } from '../registry/server/http.js';
import type { CliIO } from './io.js';

/** Where the embedded registry keeps its data, inside the project. */
export const EMBEDDED_REGISTRY_DIR = path.join('.kontract', 'registry');

export interface RegistryTarget {
  client: RegistryClient;
  /** `embedded (.kontract/registry)` or the URL. */
  description: string;
  embedded: boolean;
}

/**
 * Run `use` with a client for the registry the project talks to: `--registry` (or `KONTRACT_REGISTRY_URL`), else
 * the config's `registry.url`, else the embedded registry stored under `.kontract/registry`, started in-process on
 * a free loopback port for the duration of the command.
 */
export async function withRegistry<T>(root: string, config: KontractConfig, io: CliIO, url: string | undefined, use: (target: RegistryTarget) => Promise<T>): Promise<T> {
  const explicit = url ?? io.env['KONTRACT_REGISTRY_URL'];
  if (explicit !== undefined || config.registry) {
    const target = explicit ?? config.registry!.url;
    if (!/^https?:\/\//.test(target)) throw new KontractError('USAGE', `registry URL "${target}" is not an http(s) URL`, { hint: 'Example: --registry http://localhost:8081' });
    const auth = explicit !== undefined ? authFromEnv(io) : config.registry?.auth;
    const client = createRegistryClient({ url: target, ...(auth ? { auth } : {}) });
    return use({ client, description: target, embedded: false });
  }
  const dataDir = path.join(root, EMBEDDED_REGISTRY_DIR);
  let running;
  try {
    running = await startRegistry({ port: 0, dataDir, auth: '' });
  } catch (error) {
    if (error instanceof KontractError && error.code === 'IO') {
      throw new KontractError('IO', `cannot open the embedded registry in ${EMBEDDED_REGISTRY_DIR}: ${error.message}`, {
        hint: 'Another kontract process (e.g. `kontract registry serve`) is using it: stop it, or pass --registry <its URL>.',
        cause: error,
      });
    }
    throw error;
  }
  try {
    return await use({ client: createRegistryClient({ url: running.url }), description: `embedded (${EMBEDDED_REGISTRY_DIR})`, embedded: true });
  } finally {
    await running.close();
  }
}

function authFromEnv(io: CliIO): { username: string; password: string } | { token: string } | undefined {
  const token = io.env['KONTRACT_REGISTRY_TOKEN'];
  if (token) return { token };
  const basic = io.env['KONTRACT_REGISTRY_USER_INFO'];
  if (basic) {
    const colon = basic.indexOf(':');
    if (colon < 0) throw new KontractError('USAGE', 'KONTRACT_REGISTRY_USER_INFO must be user:password');
    return { username: basic.slice(0, colon), password: basic.slice(colon + 1) };
  }
  return undefined;
}
