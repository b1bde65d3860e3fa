import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isKontractError, KontractError } from '../../errors.js';
import { httpStatusOf, RegistryErrorCode, registryError } from '../errors.js';
import { routeRequest, type RouteResult } from './routes.js';
import { RegistryService } from './service.js';

/** Options of {@link startRegistry}. */
export interface StartRegistryOptions {
  /** TCP port; 0 picks a free one. Default 8081, Confluent's. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Directory of the durable log. Default `.kontract/registry` (relative to the working directory). */
  dataDir?: string;
  /** Keep nothing on disk. */
  memory?: boolean;
  /** HTTP basic auth `user:password` required on every endpoint. Default: env `KONTRACT_REGISTRY_AUTH`, else none. */
  auth?: string;
  /** Largest request body accepted, in bytes. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Called with unexpected (non-user) errors; they are answered with 500/50001 and no details. */
  onInternalError?: (error: unknown) => void;
}

/** A running embedded registry. */
export interface RunningRegistry {
  /** Base URL, e.g. `http://127.0.0.1:8081`. */
  url: string;
  port: number;
  /** Stop accepting requests, finish queued writes and release the data directory. */
  close(): Promise<void>;
}

export const DEFAULT_REGISTRY_PORT = 8081;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const RESPONSE_CACHE_LIMIT = 10_000;
/** Lookup answers kept (each holds a schema text twice: in its key and in the answer). */
const LOOKUP_CACHE_LIMIT = 2_000;
const ACCEPTED_CONTENT_TYPES = new Set(['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json']);

/**
 * Start an embedded, Confluent-compatible Schema Registry over `node:http`.
 *
 * @example
 * ```ts
 * const registry = await startRegistry({ port: 0, memory: true });
 * // point any Confluent client at registry.url
 * await registry.close();
 * ```
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const service = await RegistryService.open({
    memory: options.memory === true,
    dataDir: options.dataDir ?? '.kontract/registry',
  });
  return serveRegistry(service, options);
}

/** Serve an opened {@link RegistryService} over HTTP; closing the result closes the service too. */
export async function serveRegistry(service: RegistryService, options: Omit<StartRegistryOptions, 'dataDir' | 'memory'> = {}): Promise<RunningRegistry> {
  const auth = options.auth ?? process.env.KONTRACT_REGISTRY_AUTH;
  if (auth !== undefined && auth !== '' && !auth.includes(':')) {
    await service.close();
    throw new KontractError('USAGE', 'registry auth must be given as user:password', { hint: 'e.g. --auth admin:secret or KONTRACT_REGISTRY_AUTH=admin:secret' });
  }
  const expectedAuthorization = auth ? Buffer.from(`Basic ${Buffer.from(auth).toString('base64')}`) : undefined;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const responseCache = new Map<string, string>();
  // Lookups by schema (`POST /subjects/{s}`) are reads too: serializers repeat the same request body, so the
  // answer is kept under the request (path and query, content type, body) until the next write, like a GET's.
  const lookupCache = new Map<string, string>();
  let cacheGeneration = service.generation;
  const refreshCaches = (): void => {
    if (cacheGeneration !== service.generation) {
      responseCache.clear();
      lookupCache.clear();
      cacheGeneration = service.generation;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onInternalError?.(error);
      if (!res.headersSent) sendJson(res, 500, { error_code: RegistryErrorCode.STORE_ERROR, message: 'Internal server error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (expectedAuthorization && !authorized(req.headers.authorization, expectedAuthorization)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="kontract-registry"');
      drain(req);
      sendJson(res, 401, { error_code: 401, message: 'Unauthorized: this registry requires HTTP basic authentication' });
      return;
    }
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    if (method === 'GET') {
      // Reads are answered from a cache of response texts that any write invalidates.
      refreshCaches();
      const cached = responseCache.get(url);
      if (cached !== undefined) {
        drain(req);
        res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(cached) });
        res.end(cached);
        return;
      }
    }
    let result: RouteResult;
    let lookupKey: string | undefined;
    try {
      const bodyText = await readBodyText(req, maxBodyBytes);
      if (method === 'POST' && bodyText !== undefined && isLookupPath(url)) {
        lookupKey = `${url}\u0000${contentTypeOf(req)}\u0000${bodyText}`;
        refreshCaches();
        const cached = lookupCache.get(lookupKey);
        if (cached !== undefined) {
          res.writeHead(200, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(cached) });
          res.end(cached);
          return;
        }
      }
      result = await routeRequest(service, method, url, parseBody(req, bodyText));
    } catch (error) {
      if (isKontractError(error) && error.registryCode !== undefined) {
        if (error.registryCode === RegistryErrorCode.PAYLOAD_TOO_LARGE) res.setHeader('Connection', 'close');
        if (error.registryCode === RegistryErrorCode.METHOD_NOT_ALLOWED && error.context?.allow) res.setHeader('Allow', String(error.context.allow));
        sendJson(res, httpStatusOf(error.registryCode), { error_code: error.registryCode, message: error.message });
        return;
      }
      throw error;
    }
    const text = result.raw ?? JSON.stringify(result.body);
    const status = result.status ?? 200;
    if (method === 'GET' && status === 200 && cacheGeneration === service.generation) {
      if (responseCache.size >= RESPONSE_CACHE_LIMIT) responseCache.delete(responseCache.keys().next().value as string);
      responseCache.set(url, text);
    }
    if (lookupKey !== undefined && status === 200 && cacheGeneration === service.generation) {
      if (lookupCache.size >= LOOKUP_CACHE_LIMIT) lookupCache.delete(lookupCache.keys().next().value as string);
      lookupCache.set(lookupKey, text);
    }
    res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  const port = options.port ?? DEFAULT_REGISTRY_PORT;
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (cause) {
    await service.close();
    const inUse = typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'EADDRINUSE';
    throw new KontractError('IO', inUse ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      hint: inUse ? 'Stop whatever listens there, or choose another port (0 picks a free one).' : undefined,
      cause,
    });
  }
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () => (closing ??= closeServer(server).then(() => service.close())),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function authorized(header: string | undefined, expected: Buffer): boolean {
  if (header === undefined) return false;
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Discard the rest of a request body so the client can read our answer. */
function drain(req: IncomingMessage): void {
  req.resume();
}

/**
 * Read a request body as text; `undefined` when there is none. Over the limit → 413. Listens for the stream's
 * events rather than iterating it asynchronously, which costs a promise per chunk.
 */
function readBodyText(req: IncomingMessage, maxBodyBytes: number): Promise<string | undefined> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBodyBytes) {
    drain(req);
    return Promise.reject(tooLarge(maxBodyBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        failed = true;
        req.off('data', onData);
        drain(req);
        reject(tooLarge(maxBodyBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      if (!failed) resolve(size === 0 ? undefined : chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.once('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

/** The request's media type, lower case, without parameters (`''` when absent). */
function contentTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Parse a body read by {@link readBodyText}: an unsupported content type → 415; not JSON → 400. */
function parseBody(req: IncomingMessage, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const contentType = contentTypeOf(req);
  if (contentType !== '' && !ACCEPTED_CONTENT_TYPES.has(contentType)) {
    throw registryError(RegistryErrorCode.UNSUPPORTED_MEDIA_TYPE, `Unsupported content type ${contentType}; send application/vnd.schemaregistry.v1+json or application/json`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw registryError(RegistryErrorCode.BAD_REQUEST, `Unrecognized JSON in the request body: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `/subjects/{s}` (with any query): the lookup-by-schema endpoint, a read whose answers may be kept. */
function isLookupPath(url: string): boolean {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  return path.startsWith('/subjects/') && path.length > '/subjects/'.length && path.indexOf('/', '/subjects/'.length) < 0;
}

function tooLarge(limit: number): KontractError {
  return registryError(RegistryErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than the registry accepts (${limit} bytes)`);
}
