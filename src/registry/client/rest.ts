import { KontractError } from '../../errors.js';
import type { RegistryAuth } from '../../project/types.js';
import { httpStatusOf, registryError } from '../errors.js';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry.js';

export interface RestOptions {
  url: string;
  auth?: RegistryAuth;
  retry: RetryOptions;
  timeoutMs: number;
}

export type RestContext = Record<string, string | number | boolean | undefined>;

/** HTTP statuses worth retrying besides 5xx: request timeout and rate limiting. */
const RETRIABLE_STATUSES = new Set([408, 429]);
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * A small typed REST layer over `fetch` for the Confluent Schema Registry API: auth headers,
 * timeouts, retries (once, here) and error bodies turned into `KontractError`s carrying the
 * registry's `error_code` and message.
 */
export class RestLayer {
  private readonly baseUrl: string;
  private readonly authorization?: string;

  constructor(private readonly options: RestOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    const auth = options.auth;
    if (auth) {
      this.authorization = 'token' in auth ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    }
  }

  /** A JSON request; resolves with the parsed body. */
  async json<T>(method: string, path: string, body: unknown, context: RestContext): Promise<T> {
    const text = await this.text(method, path, body, context);
    try {
      return JSON.parse(text) as T;
    } catch (cause) {
      throw new KontractError('REGISTRY_ERROR', `the registry answered ${method} ${path} with a body that is not JSON`, { context, cause });
    }
  }

  /** A request whose answer is kept as text (the raw `/schema` endpoints). */
  text(method: string, path: string, body: unknown, context: RestContext): Promise<string> {
    return withRetry(() => this.once(method, path, body, context), this.options.retry);
  }

  private async once(method: string, path: string, body: unknown, context: RestContext): Promise<string> {
    const headers: Record<string, string> = { Accept: `${CONTENT_TYPE}, application/json` };
    if (body !== undefined) headers['Content-Type'] = CONTENT_TYPE;
    if (this.authorization) headers.Authorization = this.authorization;
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw new KontractError(
        'REGISTRY_UNAVAILABLE',
        timedOut ? `the registry at ${this.baseUrl} did not answer ${method} ${path} within ${this.options.timeoutMs} ms` : `cannot reach the registry at ${this.baseUrl}: ${describeCause(cause)}`,
        { retriable: true, context, cause, hint: 'Check the registry URL and that the registry is running.' },
      );
    }
    const text = await response.text();
    if (response.ok) return text;
    throw responseError(response.status, text, method, path, context);
  }
}

/** Turn an error response into a `KontractError` with the registry's code and message. */
function responseError(status: number, text: string, method: string, path: string, context: RestContext): KontractError {
  let errorCode = status;
  let message = `the registry answered ${method} ${path} with HTTP ${status}`;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const { error_code: code, message: registryMessage } = parsed as { error_code?: unknown; message?: unknown };
      if (typeof code === 'number' && Number.isInteger(code)) errorCode = code;
      if (typeof registryMessage === 'string' && registryMessage !== '') message = registryMessage;
    }
  } catch {
    if (text.trim() !== '') message += `: ${text.trim().slice(0, 200)}`;
  }
  const error = registryError(errorCode, message, { ...context, httpStatus: status });
  // The HTTP status decides retrying: some registries send 5xx with a 4xx-looking code and vice versa.
  const retriable = status >= 500 || RETRIABLE_STATUSES.has(status);
  if (retriable === error.retriable && httpStatusOf(errorCode) === status) return error;
  return new KontractError(retriable && status >= 500 ? 'REGISTRY_UNAVAILABLE' : error.code, message, {
    registryCode: errorCode,
    retriable,
    hint: error.hint,
    context: error.context,
  });
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}

export { DEFAULT_RETRY };
