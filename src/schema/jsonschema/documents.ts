/**
 * The documents one JSON Schema consists of — the schema itself and its referenced schemas — and the
 * resolution of `$ref` URLs between them: JSON pointers, `$id`-named resources (also embedded ones),
 * anchors (`$anchor`; `$id: "#name"` before 2019-09), and schema references by their registered name.
 */
import type { JsonDocument, JsonValue } from '../json-text.js';
import { idKeyword } from './draft.js';
import type { JsonSchemaDraft, NodeLocation } from './model.js';
import { pointerToken } from '../json-read.js';

/**
 * Base of relative URLs when the schema has no absolute `$id`. References are registered under their name
 * resolved against the root's base, as Confluent registers them, so `{"$ref": "customer.json"}` finds the
 * reference named `customer.json`. Nothing is ever fetched.
 */
export const LOCAL_BASE = 'kontract://schema/';

/** One document of a schema: `name` is `''` for the schema itself, else the reference name. */
export interface SchemaDocument {
  readonly name: string;
  readonly json: JsonDocument;
}

/** Values of these keywords are data, not schemas: `$id`s inside them name nothing. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples']);

export class DocumentSet {
  private readonly documents = new Map<string, SchemaDocument>();
  /** Schema resources by absolute URL without fragment. */
  private readonly resources = new Map<string, NodeLocation>();
  /** Anchors by absolute URL with fragment. */
  private readonly anchors = new Map<string, NodeLocation>();
  readonly rootBase: string;

  constructor(
    root: JsonDocument,
    references: readonly SchemaDocument[],
    private readonly draft: JsonSchemaDraft,
  ) {
    this.documents.set('', { name: '', json: root });
    this.rootBase = this.indexDocument('', root.value, LOCAL_BASE);
    for (const reference of references) {
      this.documents.set(reference.name, reference);
      const registered = absoluteUrl(reference.name, this.rootBase);
      if (registered !== undefined && !this.resources.has(registered)) this.resources.set(registered, { document: reference.name, pointer: '' });
      this.indexDocument(reference.name, reference.json.value, registered ?? LOCAL_BASE);
    }
  }

  document(name: string): SchemaDocument | undefined {
    return this.documents.get(name);
  }

  /** Whether a reference with this name was supplied. */
  hasReference(name: string): boolean {
    return name !== '' && this.documents.has(name);
  }

  /** The value at a location, or `undefined` when the pointer leads nowhere. */
  valueAt(location: NodeLocation): JsonValue | undefined {
    const document = this.documents.get(location.document);
    return document === undefined ? undefined : evaluatePointer(document.json.value, location.pointer);
  }

  /** The resolution scope (base URL) of the schema object at `location`: the innermost enclosing `$id`. */
  scopeAt(location: NodeLocation): string {
    const document = this.documents.get(location.document);
    let base = location.document === '' ? LOCAL_BASE : (absoluteUrl(location.document, this.rootBase) ?? LOCAL_BASE);
    if (!document) return base;
    let value: JsonValue | undefined = document.json.value;
    base = withId(value, base, this.draft);
    for (const token of pointerTokens(location.pointer)) {
      value = childValue(value, token);
      if (value === undefined) break;
      base = withId(value, base, this.draft);
    }
    return base;
  }

  /** The scope inside `value` (a schema object) when its parent's scope is `base`. */
  scopeWithin(value: JsonValue | undefined, base: string): string {
    return withId(value, base, this.draft);
  }

  /**
   * Resolve `ref` written in a schema object whose scope is `scope`. Tries the URL resolved against the scope,
   * then the `$ref` as written as a reference name. `undefined` when nothing matches.
   */
  resolve(ref: string, scope: string): NodeLocation | undefined {
    const hashAt = ref.indexOf('#');
    const rawFragment = hashAt < 0 ? '' : ref.slice(hashAt + 1);
    const absolute = absoluteUrl(ref, scope);
    if (absolute !== undefined) {
      const [resourceUrl, fragment] = splitFragment(absolute);
      const resource = this.resources.get(resourceUrl);
      if (resource) return this.withFragment(resource, resourceUrl, fragment);
    }
    const name = hashAt < 0 ? ref : ref.slice(0, hashAt);
    if (this.hasReference(name)) return this.withFragment({ document: name, pointer: '' }, absoluteUrl(name, this.rootBase) ?? name, decodeFragment(rawFragment));
    return undefined;
  }

  /** Whether `ref` (written with scope `scope`) points into a document of this set, ignoring reference names. */
  pointsIntoDocuments(ref: string, scope: string): boolean {
    if (ref === '' || ref.startsWith('#')) return true;
    const absolute = absoluteUrl(ref, scope);
    return absolute !== undefined && this.resources.has(splitFragment(absolute)[0]);
  }

  private withFragment(resource: NodeLocation, resourceUrl: string, fragment: string): NodeLocation | undefined {
    if (fragment === '') return resource;
    if (!fragment.startsWith('/')) return this.anchors.get(`${resourceUrl}#${fragment}`);
    const direct: NodeLocation = { document: resource.document, pointer: resource.pointer + fragment };
    if (this.valueAt(direct) !== undefined) return direct;
    // Confluent makes top-level `definitions` reachable as `#/$defs/…` and vice versa.
    for (const [from, to] of [['/$defs/', '/definitions/'], ['/definitions/', '/$defs/']] as const) {
      if (fragment.startsWith(from)) {
        const alternative: NodeLocation = { document: resource.document, pointer: resource.pointer + to + fragment.slice(from.length) };
        if (this.valueAt(alternative) !== undefined) return alternative;
      }
    }
    return undefined;
  }

  /** Register the resources and anchors of one document; returns the document's own base URL. */
  private indexDocument(name: string, root: JsonValue, base: string): string {
    const documentBase = withId(root, base, this.draft);
    this.resources.set(documentBase, { document: name, pointer: '' });
    // The pointer is kept as tokens and joined only for an `$id` or `$anchor`, which few schema objects have.
    const tokens: string[] = [];
    const pointerHere = (): string => tokens.join('');
    const visit = (value: JsonValue, scope: string): void => {
      if (value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          tokens.push(`/${index}`);
          visit(value[index] as JsonValue, scope);
          tokens.pop();
        }
        return;
      }
      let inner = scope;
      const id = value[idKeyword(this.draft)];
      if (typeof id === 'string' && tokens.length > 0) {
        const pointer = pointerHere();
        const absolute = absoluteUrl(id, scope);
        if (absolute !== undefined) {
          const [resourceUrl, fragment] = splitFragment(absolute);
          if (fragment === '') {
            inner = resourceUrl;
            if (!this.resources.has(resourceUrl)) this.resources.set(resourceUrl, { document: name, pointer });
          } else if (!fragment.startsWith('/')) {
            this.anchors.set(absolute, { document: name, pointer });
          }
        }
      }
      const anchor = value['$anchor'];
      if (typeof anchor === 'string') this.anchors.set(`${splitFragment(inner)[0]}#${anchor}`, { document: name, pointer: pointerHere() });
      for (const key in value) {
        if (DATA_KEYWORDS.has(key)) continue;
        tokens.push(`/${pointerToken(key)}`);
        visit(value[key] as JsonValue, inner);
        tokens.pop();
      }
    };
    visit(root, documentBase);
    return documentBase;
  }
}

/** The base after entering `value`: its `$id` (`id` in draft-04) resolved against `base`, without fragment. */
function withId(value: JsonValue | undefined, base: string, draft: JsonSchemaDraft): string {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return base;
  const id = value[idKeyword(draft)];
  if (typeof id !== 'string') return base;
  const absolute = absoluteUrl(id, base);
  if (absolute === undefined) return base;
  const [resourceUrl, fragment] = splitFragment(absolute);
  return fragment === '' || fragment.startsWith('/') ? resourceUrl : base;
}

/** `url` resolved against `base`; `undefined` when it is not a URL. */
export function absoluteUrl(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}

/** `[url without fragment, decoded fragment]`. */
function splitFragment(url: string): [string, string] {
  const hashAt = url.indexOf('#');
  return hashAt < 0 ? [url, ''] : [url.slice(0, hashAt), decodeFragment(url.slice(hashAt + 1))];
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/** The unescaped tokens of a JSON pointer (RFC 6901). */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.includes('~')) return pointer.slice(1).split('/');
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The member `token` (an unescaped pointer token) of an object or array, or `undefined`. */
export function childValue(value: JsonValue | undefined, token: string): JsonValue | undefined {
  if (value === null || value === undefined || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return /^(0|[1-9]\d*)$/.test(token) ? value[Number(token)] : undefined;
  return Object.prototype.hasOwnProperty.call(value, token) ? value[token] : undefined;
}

/** The value a JSON pointer designates in `root`, or `undefined`. */
export function evaluatePointer(root: JsonValue, pointer: string): JsonValue | undefined {
  if (pointer !== '' && !pointer.startsWith('/')) return undefined;
  let value: JsonValue | undefined = root;
  for (const token of pointerTokens(pointer)) {
    value = childValue(value, token);
    if (value === undefined) return undefined;
  }
  return value;
}
