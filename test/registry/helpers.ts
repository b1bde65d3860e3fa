import { request } from 'node:http';
import { startRegistry, type RunningRegistry, type StartRegistryOptions } from '../../src/registry/server/http.js';

/** An in-process registry on a random port, kept in memory unless a data directory is given. */
export function startTestRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  return startRegistry({ port: 0, memory: options.dataDir === undefined, ...options });
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body (`undefined` when the body is not JSON). */
  body: unknown;
}

/**
 * One raw HTTP request with `node:http`, so tests control the path bytes, headers and body exactly
 * (fetch would normalise some of them).
 */
export function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: { headers?: Record<string, string>; rawBody?: string | Buffer } = {},
): Promise<HttpAnswer> {
  const url = new URL(baseUrl);
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['Content-Type'] ??= 'application/vnd.schemaregistry.v1+json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The Confluent error body of an answer. */
export function errorOf(answer: HttpAnswer): { error_code: number; message: string } {
  return answer.body as { error_code: number; message: string };
}

export const avroRecord = (name: string, fields: { name: string; type: unknown; default?: unknown }[] = []): string =>
  JSON.stringify({ type: 'record', name, fields });
