/**
 * What both loaders (Everit-style for drafts ≤ 7, json-sKema-style for 2019-09/2020-12) share: one node per
 * schema location (so every `$ref` to a location yields the same node), deferred `$ref` resolution (so
 * recursive schemas load), literals with Java equality, and located errors.
 */
import { KontractError } from '../../errors.js';
import { pointerToPath, type JsonValue } from '../json-text.js';
import { childValue, type DocumentSet } from './documents.js';
import { literalAt } from './literals.js';
import { nearestPosition } from './metaschema.js';
import type { EmptyNode, JsonLiteral, JsonSchemaDraft, JsonSchemaNode, NodeCommon, NodeLocation, ReferenceNode } from './model.js';
import { pointerToken } from '../json-read.js';

export type JsonObject = { [key: string]: JsonValue };

/** A schema object being loaded: where it is and the base URL its relative `$ref`s resolve against. */
export interface SchemaSite {
  readonly location: NodeLocation;
  readonly scope: string;
}

/** Turns the JSON at a site into a node; the loader of the draft family. */
export type SiteLoader = (builder: SchemaTreeBuilder, site: SchemaSite, json: JsonValue) => JsonSchemaNode;

let nextUid = 1;

/**
 * The `unprocessed` bag of every node without leftover keywords — nearly all of them. Shared rather than one empty
 * Map per node (a parsed schema is kept in the compatibility engine's cache, and the Maps were most of its
 * memory); writing to it is a bug, so its writers throw.
 */
const NO_UNPROCESSED_KEYWORDS: Map<string, JsonLiteral> = new Map();
for (const method of ['set', 'delete', 'clear'] as const) {
  Object.defineProperty(NO_UNPROCESSED_KEYWORDS, method, {
    enumerable: false,
    value: () => {
      throw new Error('internal: the shared empty bag of unprocessed keywords cannot change; give the node its own Map');
    },
  });
}

/** Add a leftover keyword to a node's `unprocessed` bag, giving the node its own bag first. */
export function addUnprocessed(node: JsonSchemaNode, keyword: string, literal: JsonLiteral): void {
  if (node.unprocessed === NO_UNPROCESSED_KEYWORDS) node.unprocessed = new Map();
  node.unprocessed.set(keyword, literal);
}

interface PendingReference {
  node: ReferenceNode;
  site: SchemaSite;
}

export class SchemaTreeBuilder {
  private readonly nodes = new Map<string, JsonSchemaNode>();
  private readonly pending: PendingReference[] = [];
  /** Whether {@link reference} made a node: only references share nodes or make cycles. */
  private madeReferences = false;
  /** The JSON value at each site loaded so far. */
  private readonly siteValues = new WeakMap<SchemaSite, JsonValue>();

  constructor(
    readonly documents: DocumentSet,
    readonly draft: JsonSchemaDraft,
    private readonly loadSite: SiteLoader,
  ) {}

  /** Load the whole tree from the root of the schema document, resolving every reachable `$ref`. */
  loadRoot(): JsonSchemaNode {
    const root = this.nodeAt({ location: { document: '', pointer: '' }, scope: this.documents.rootBase });
    while (this.pending.length > 0) {
      const { node, site } = this.pending.shift() as PendingReference;
      node.target = this.nodeAt(this.resolveReference(node.ref, site));
    }
    return root;
  }

  /** Whether the tree loaded so far holds a reference node. */
  get hasReferences(): boolean {
    return this.madeReferences;
  }

  /** The node of the schema at a site (memoised by location); `json` is the value there, when the caller has it. */
  nodeAt(site: SchemaSite, json: JsonValue | undefined = this.documents.valueAt(site.location)): JsonSchemaNode {
    const key = `${site.location.document}\u0000${site.location.pointer}`;
    const known = this.nodes.get(key);
    if (known) return known;
    if (json === undefined) throw this.invalid(site.location, 'no schema at this location');
    this.siteValues.set(site, json);
    const node = this.loadSite(this, site, json);
    this.nodes.set(key, node);
    return node;
  }

  /** The node of a subschema: `path` is the pointer suffix below the site (`properties`, `name`). */
  child(site: SchemaSite, ...path: Array<string | number>): JsonSchemaNode {
    const pointer = pointerBelow(site.location.pointer, path);
    const location: NodeLocation = { document: site.location.document, pointer };
    // Walk down from the value at the site instead of evaluating the whole pointer from the document root again.
    const siteValue = this.siteValues.get(site);
    const json = siteValue === undefined ? this.documents.valueAt(location) : valueBelow(siteValue, path);
    return this.nodeAt({ location, scope: this.documents.scopeWithin(json, site.scope) }, json);
  }

  /** A reference node whose target is filled in once the tree is loaded. */
  reference(site: SchemaSite, ref: string): ReferenceNode {
    const node = nodeOf<ReferenceNode>(this.common(site), { kind: 'reference', ref, target: nodeOf<EmptyNode>(this.common(site), { kind: 'empty' }) });
    this.pending.push({ node, site });
    this.madeReferences = true;
    return node;
  }

  /** A node's common fields; `unprocessed` is the shared empty bag until a keyword is added (see {@link addUnprocessed}). */
  common(site: SchemaSite): NodeCommon {
    return { uid: nextUid++, location: site.location, unprocessed: NO_UNPROCESSED_KEYWORDS };
  }

  /** The value of `keyword` in the object at `site`, with Java equality. */
  literal(site: SchemaSite, value: JsonValue, ...path: Array<string | number>): JsonLiteral {
    const document = this.documents.document(site.location.document);
    const pointer = pointerBelow(site.location.pointer, path);
    return literalAt(value, pointer, document?.json.numberTexts ?? new Map());
  }

  /** The literal text of the number at `keyword` of the object at `site`. */
  numberText(site: SchemaSite, value: number, keyword: string): string {
    const document = this.documents.document(site.location.document);
    return document?.json.numberTexts.get(`${site.location.pointer}/${pointerToken(keyword)}`) ?? String(value);
  }

  /** A compiled `pattern`/`patternProperties` regex; Java regexes are searched unanchored, like `RegExp.test`. */
  regex(site: SchemaSite, pattern: string, ...path: Array<string | number>): RegExp {
    for (const flags of ['', 'u']) {
      try {
        return new RegExp(pattern, flags);
      } catch {
        // try the next flavour
      }
    }
    const pointer = pointerBelow(site.location.pointer, path);
    throw this.invalid({ document: site.location.document, pointer }, `${JSON.stringify(pattern)} is not a valid regular expression`, 'Use ECMA 262 / Java regular expression syntax.');
  }

  /** `KontractError('SCHEMA_INVALID')` located at `location`. */
  invalid(location: NodeLocation, message: string, hint = 'Fix the schema at this location.'): KontractError {
    return locatedError(this.documents, 'SCHEMA_INVALID', location, message, hint);
  }

  private resolveReference(ref: string, site: SchemaSite): SchemaSite {
    const target = this.documents.resolve(ref, site.scope);
    const refLocation: NodeLocation = { document: site.location.document, pointer: `${site.location.pointer}/$ref` };
    if (!target) {
      const hashAt = ref.indexOf('#');
      const name = hashAt < 0 ? ref : ref.slice(0, hashAt);
      const internal = this.documents.pointsIntoDocuments(ref, site.scope) || this.documents.hasReference(name);
      const hint = internal
        ? `Point the $ref at an existing location, e.g. "#/definitions/Name" or "#/$defs/Name".`
        : `Add a schema reference named "${name}" (the $ref URL without its fragment) that points to the referenced subject version.`;
      throw locatedError(this.documents, 'REFERENCE_UNRESOLVED', refLocation, `$ref ${JSON.stringify(ref)} cannot be resolved`, hint, { ref });
    }
    const json = this.documents.valueAt(target);
    if (json === undefined || (typeof json !== 'boolean' && (json === null || typeof json !== 'object' || Array.isArray(json)))) {
      throw this.invalid(refLocation, `$ref ${JSON.stringify(ref)} points at a value that is not a schema`, 'Point the $ref at a schema object.');
    }
    return { location: target, scope: this.documents.scopeAt(target) };
  }
}

/**
 * A node: the fields of `common`, then `fields`, in that order. Built by assignment onto a fresh literal rather
 * than as `{ ...common, kind }`: V8 gives every object made by such a leading spread a hidden class of its own,
 * which turns each read the diff makes on thousands of nodes into a megamorphic lookup.
 */
export function nodeOf<N extends JsonSchemaNode>(common: NodeCommon, fields: Omit<N, keyof NodeCommon>): N {
  return Object.assign({ uid: common.uid, location: common.location, unprocessed: common.unprocessed }, fields) as N;
}

/** A located error: path and line/column in the document the location belongs to. */
export function locatedError(
  documents: DocumentSet,
  code: 'SCHEMA_INVALID' | 'REFERENCE_UNRESOLVED',
  location: NodeLocation,
  message: string,
  hint: string,
  context: Record<string, string> = {},
): KontractError {
  const document = documents.document(location.document);
  const position = document ? nearestPosition(document.json, location.pointer) : {};
  const path = pointerToPath(location.pointer || '/');
  const where = location.document === '' ? '' : ` (in referenced schema "${location.document}")`;
  return new KontractError(code, `${message}${where}`, {
    location: { path, ...position },
    hint,
    context: location.document === '' ? context : { ...context, reference: location.document },
  });
}

/** The value `path` (unescaped tokens) leads to below `value`, as evaluating the joined pointer would find it. */
function valueBelow(value: JsonValue | undefined, path: ReadonlyArray<string | number>): JsonValue | undefined {
  let below = value;
  for (const token of path) {
    below = childValue(below, String(token));
    if (below === undefined) return undefined;
  }
  return below;
}

/** `pointer` extended by the (unescaped) tokens of `path`. */
function pointerBelow(pointer: string, path: ReadonlyArray<string | number>): string {
  let below = pointer;
  for (const token of path) below += `/${pointerToken(token)}`;
  return below;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}
