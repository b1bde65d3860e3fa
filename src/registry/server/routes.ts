import { SCHEMA_TYPES } from '../../schema/types.js';
import { RegistryErrorCode, registryError } from '../errors.js';
import type { RegistryConfigRecord, StoredSchema } from '../store/types.js';
import {
  parseConfigUpdate,
  parseMode,
  parseSchemaId,
  parseSchemaRequest,
  parseVersionSpec,
  queryFlag,
  validateSubject,
} from './requests.js';
import { serializeSchemaText } from './serialized.js';
import type { RegistryService, VersionView } from './service.js';

/** What a route answers: a JSON body, or a raw text body (the `/schema` endpoints). */
export interface RouteResult {
  status?: number;
  body?: unknown;
  raw?: string;
}

interface RouteContext {
  service: RegistryService;
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

type Handler = (context: RouteContext) => RouteResult | Promise<RouteResult>;

interface Route {
  method: string;
  /** Path segments; `*` matches one segment, passed to the handler in order. */
  pattern: string[];
  handler: Handler;
}

const routes: Route[] = [];

function route(method: string, path: string, handler: Handler): void {
  routes.push({ method, pattern: path.split('/').filter((s) => s !== ''), handler });
}

const json = (body: unknown): RouteResult => ({ body });

// ------------------------------------------------------------------ root, types, contexts

route('GET', '/', () => json({}));
route('GET', '/schemas/types', () => json([...SCHEMA_TYPES].reverse()));
route('GET', '/contexts', () => json([':.:']));

// ------------------------------------------------------------------ subjects

route('GET', '/subjects', ({ service, query }) =>
  json(
    service.listSubjects({
      deleted: queryFlag(query, 'deleted'),
      deletedOnly: queryFlag(query, 'deletedOnly'),
      prefix: query.get('subjectPrefix') ?? undefined,
    }),
  ),
);

route('GET', '/subjects/*/versions', ({ service, params, query }) =>
  json(service.listVersions(subjectParam(params[0]!), { deleted: queryFlag(query, 'deleted'), deletedOnly: queryFlag(query, 'deletedOnly') })),
);

route('POST', '/subjects/*/versions', async ({ service, params, query, body }) => {
  const view = await service.register(subjectParam(params[0]!), parseSchemaRequest(body), { normalize: queryFlag(query, 'normalize') });
  return json(registerResponse(view));
});

route('GET', '/subjects/*/versions/*', ({ service, params, query }) => {
  const view = service.getVersion(subjectParam(params[0]!), parseVersionSpec(params[1]!), queryFlag(query, 'deleted'));
  return json(versionResponse(service, view, query.get('format')));
});

route('GET', '/subjects/*/versions/*/schema', ({ service, params, query }) => {
  const view = service.getVersion(subjectParam(params[0]!), parseVersionSpec(params[1]!), queryFlag(query, 'deleted'));
  return { raw: formattedSchema(service, view, query.get('format')) };
});

route('GET', '/subjects/*/versions/*/referencedby', ({ service, params }) =>
  json(service.referencedBy(subjectParam(params[0]!), parseVersionSpec(params[1]!))),
);

route('DELETE', '/subjects/*/versions/*', async ({ service, params, query }) =>
  json(await service.deleteVersion(subjectParam(params[0]!), parseVersionSpec(params[1]!), queryFlag(query, 'permanent'))),
);

route('POST', '/subjects/*', ({ service, params, query, body }) => {
  const view = service.lookup(subjectParam(params[0]!), parseSchemaRequest(body), {
    normalize: queryFlag(query, 'normalize'),
    deleted: queryFlag(query, 'deleted'),
  });
  return json(versionResponse(service, view, null));
});

route('DELETE', '/subjects/*', async ({ service, params, query }) =>
  json(await service.deleteSubject(subjectParam(params[0]!), queryFlag(query, 'permanent'))),
);

route('GET', '/subjects/*/metadata', ({ service, params, query }) => {
  const keys = query.getAll('key');
  const values = query.getAll('value');
  if (keys.length !== values.length) {
    throw registryError(RegistryErrorCode.UNPROCESSABLE_ENTITY, 'Give as many value= parameters as key= parameters');
  }
  const properties = Object.fromEntries(keys.map((k, i) => [k, values[i]!]));
  const view = service.latestWithMetadata(subjectParam(params[0]!), properties, queryFlag(query, 'deleted'));
  return json(versionResponse(service, view, query.get('format')));
});

// ------------------------------------------------------------------ schemas by id

route('GET', '/schemas', ({ service, query }) =>
  json(
    service
      .listSchemas({
        prefix: query.get('subjectPrefix') ?? undefined,
        deleted: queryFlag(query, 'deleted'),
        latestOnly: queryFlag(query, 'latestOnly'),
      })
      .map((view) => versionResponse(service, view, null)),
  ),
);

route('GET', '/schemas/ids/*', ({ service, params, query }) => {
  const schema = service.getSchemaById(parseSchemaId(params[0]!));
  return json(schemaResponse(service, schema, query.get('format')));
});

route('GET', '/schemas/ids/*/schema', ({ service, params, query }) => {
  const schema = service.getSchemaById(parseSchemaId(params[0]!));
  return { raw: formattedSchema(service, schema, query.get('format')) };
});

route('GET', '/schemas/ids/*/subjects', ({ service, params, query }) =>
  json(service.subjectsOfId(parseSchemaId(params[0]!), queryFlag(query, 'deleted'))),
);

route('GET', '/schemas/ids/*/versions', ({ service, params, query }) =>
  json(service.versionsOfId(parseSchemaId(params[0]!), queryFlag(query, 'deleted'))),
);

route('GET', '/schemas/guids/*', ({ service, params, query }) => json(schemaResponse(service, service.getSchemaByGuid(params[0]!), query.get('format'))));

// ------------------------------------------------------------------ compatibility

const compatibilityHandler: Handler = ({ service, params, query, body }) => {
  const subject = subjectParam(params[0]!);
  const spec = params[1] === undefined ? undefined : parseVersionSpec(params[1]);
  const result = service.testCompatibility(subject, spec, parseSchemaRequest(body), { normalize: queryFlag(query, 'normalize') });
  return json(queryFlag(query, 'verbose') ? { is_compatible: result.compatible, messages: result.messages } : { is_compatible: result.compatible });
};
route('POST', '/compatibility/subjects/*/versions/*', compatibilityHandler);
route('POST', '/compatibility/subjects/*/versions', compatibilityHandler);

// ------------------------------------------------------------------ config and mode

route('GET', '/config', ({ service }) => json(configResponse(service.getConfig(null, false))));
route('PUT', '/config', async ({ service, body }) => json(configUpdateResponse(await service.setConfig(null, parseConfigUpdate(body)))));
route('DELETE', '/config', async ({ service }) => json(configResponse(await service.deleteConfig(null))));
route('GET', '/config/*', ({ service, params, query }) => json(configResponse(service.getConfig(subjectParam(params[0]!), queryFlag(query, 'defaultToGlobal')))));
route('PUT', '/config/*', async ({ service, params, body }) => json(configUpdateResponse(await service.setConfig(subjectParam(params[0]!), parseConfigUpdate(body)))));
route('DELETE', '/config/*', async ({ service, params }) => json(configResponse(await service.deleteConfig(subjectParam(params[0]!)))));

route('GET', '/mode', ({ service }) => json({ mode: service.getMode(null, false) }));
route('PUT', '/mode', async ({ service, query, body }) => json({ mode: await service.setMode(null, parseMode(modeField(body)), queryFlag(query, 'force')) }));
route('GET', '/mode/*', ({ service, params, query }) => json({ mode: service.getMode(subjectParam(params[0]!), queryFlag(query, 'defaultToGlobal')) }));
route('PUT', '/mode/*', async ({ service, params, query, body }) =>
  json({ mode: await service.setMode(subjectParam(params[0]!), parseMode(modeField(body)), queryFlag(query, 'force')) }),
);
route('DELETE', '/mode/*', async ({ service, params }) => json({ mode: await service.deleteMode(subjectParam(params[0]!)) }));

// ------------------------------------------------------------------ dispatch

/**
 * Route one request. Path segments are split on `/` before percent-decoding, so a subject with a
 * `/` in it travels as `%2F`. Unknown paths are 404, known paths with another method 405.
 */
export async function routeRequest(service: RegistryService, method: string, rawUrl: string, body: unknown): Promise<RouteResult> {
  // Prefix the base instead of resolving against it, so `//subjects` stays a path and never becomes a host.
  const url = rawUrl.startsWith('/') ? new URL(`http://registry.invalid${rawUrl}`) : new URL(rawUrl, 'http://registry.invalid');
  let segments: string[];
  try {
    segments = url.pathname
      .split('/')
      .filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)))
      .map((s) => decodeURIComponent(s));
  } catch {
    throw registryError(RegistryErrorCode.BAD_REQUEST, `Malformed percent-encoding in the path ${url.pathname}`);
  }
  if (segments[0] === 'associations') {
    throw registryError(RegistryErrorCode.ASSOCIATION_NOT_FOUND, 'Associations are not supported by this registry; use TopicNameStrategy subjects');
  }
  const allowed: string[] = [];
  for (const candidate of routes) {
    const params = match(candidate.pattern, segments);
    if (!params) continue;
    if (candidate.method === method.toUpperCase()) {
      return candidate.handler({ service, params, query: url.searchParams, body });
    }
    allowed.push(candidate.method);
  }
  if (allowed.length > 0) {
    throw registryError(RegistryErrorCode.METHOD_NOT_ALLOWED, `HTTP 405 Method Not Allowed: ${method} is not supported on ${url.pathname} (allowed: ${allowed.join(', ')})`, {
      allow: allowed.join(', '),
    });
  }
  throw registryError(RegistryErrorCode.NOT_FOUND, `HTTP 404 Not Found: no endpoint ${url.pathname}`);
}

function match(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*') params.push(segments[i]!);
    else if (pattern[i] !== segments[i]) return undefined;
  }
  return params;
}

function subjectParam(raw: string): string {
  return validateSubject(raw);
}

function modeField(body: unknown): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { mode?: unknown }).mode : undefined;
}

// ------------------------------------------------------------------ response shapes

/** Confluent omits `schemaType` for AVRO and empty `references`. */
function schemaFields(schema: Pick<StoredSchema, 'schemaType' | 'references' | 'metadata' | 'ruleSet'>, text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (schema.schemaType !== 'AVRO') fields.schemaType = schema.schemaType;
  if (schema.references.length > 0) fields.references = schema.references;
  if (schema.metadata) fields.metadata = schema.metadata;
  if (schema.ruleSet !== undefined) fields.ruleSet = schema.ruleSet;
  fields.schema = text;
  return fields;
}

function versionResponse(service: RegistryService, view: VersionView, format: string | null): Record<string, unknown> {
  return { subject: view.subject, version: view.version, id: view.id, guid: view.guid, ...schemaFields(view, formattedSchema(service, view, format)) };
}

function registerResponse(view: VersionView): Record<string, unknown> {
  return { id: view.id, version: view.version, guid: view.guid, ...schemaFields(view, view.schema) };
}

function schemaResponse(service: RegistryService, schema: StoredSchema, format: string | null): Record<string, unknown> {
  return { ...schemaFields(schema, formattedSchema(service, schema, format)), guid: schema.guid };
}

/** `format=serialized` turns Protobuf text into a base64 FileDescriptorProto; other formats keep the text. */
function formattedSchema(service: RegistryService, schema: Pick<StoredSchema, 'schemaType' | 'schema' | 'references'>, format: string | null): string {
  if (format === 'serialized' && schema.schemaType === 'PROTOBUF') return serializeSchemaText(service, schema);
  return schema.schema;
}

function configResponse(config: RegistryConfigRecord): Record<string, unknown> {
  return { ...config };
}

/** Confluent echoes a config update with `compatibility` (not `compatibilityLevel`). */
function configUpdateResponse(update: RegistryConfigRecord): Record<string, unknown> {
  const { compatibilityLevel, ...rest } = update;
  return { ...(compatibilityLevel ? { compatibility: compatibilityLevel } : {}), ...rest };
}
