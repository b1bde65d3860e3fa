/**
 * 2019-09/2020-12 → node tree, following json-sKema's loader and Confluent's translation of its output into
 * Everit's model: each keyword becomes a small node; keywords of one family (object/array/number/string)
 * merge into one node (into the matching branch of a `type` array); different kinds are wrapped in a
 * generated `allOf`. `$ref` is an ordinary keyword here (its siblings count), `$id` is not carried,
 * `default: null` is no default, and `unevaluated*`/`minContains`/`maxContains` live in the leftover-keyword
 * bag — which the bag of unknown keywords replaces (a Confluent quirk kept on purpose).
 */
import type { JsonValue } from '../json-text.js';
import type {
  ArrayNode,
  BooleanNode,
  CombinedNode,
  ConditionalNode,
  ConstNode,
  EmptyNode,
  EnumNode,
  FalseNode,
  JsonSchemaNode,
  NotNode,
  NullNode,
  NumberNode,
  ObjectNode,
  StringNode,
  TrueNode,
} from './model.js';
import { isJsonObject, nodeOf, type JsonObject, type SchemaSite, type SchemaTreeBuilder, type SiteLoader } from './tree-builder.js';

type Family = 'array' | 'object' | 'number' | 'string';
type FamilyNode = ArrayNode | ObjectNode | NumberNode | StringNode;

const FAMILY_KEYWORDS: Record<Family, readonly string[]> = {
  string: ['minLength', 'maxLength', 'pattern'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  object: ['properties', 'patternProperties', 'additionalProperties', 'required', 'minProperties', 'maxProperties', 'dependentRequired', 'dependentSchemas', 'propertyNames', 'unevaluatedProperties'],
  array: ['items', 'prefixItems', 'contains', 'minItems', 'maxItems', 'uniqueItems', 'unevaluatedItems'],
};

const FAMILY_OF_KEYWORD = new Map<string, Family>(
  (Object.entries(FAMILY_KEYWORDS) as Array<[Family, readonly string[]]>).flatMap(([family, keywords]) => keywords.map((keyword) => [keyword, family] as [string, Family])),
);

/** Keywords json-sKema knows that produce no node of their own (annotations, identifiers, or read with a sibling). */
const SILENT_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$vocabulary',
  'title',
  'description',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'format',
  'minContains',
  'maxContains',
]);

const NODE_KEYWORDS = new Set(['$ref', '$dynamicRef', '$recursiveRef', 'type', 'enum', 'const', 'not', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else']);

export const loadModernSite: SiteLoader = (builder, site, json) => {
  if (json === true) return nodeOf<TrueNode>(builder.common(site), { kind: 'true' });
  if (json === false) return nodeOf<FalseNode>(builder.common(site), { kind: 'false' });
  if (!isJsonObject(json)) throw builder.invalid(site.location, 'a schema must be a JSON object or a boolean', 'Replace the value with a schema object such as {"type": "string"}.');
  return new ObjectTranslation(builder, site, json).translate();
};

/** The translation of one schema object. */
class ObjectTranslation {
  /** Member nodes in order of their first keyword. */
  private readonly members: JsonSchemaNode[] = [];
  /** Family nodes standing on their own (no `type` of that family). */
  private readonly standalone = new Map<Family, FamilyNode>();
  /** Family nodes created by `type` (one for a name, the matching branches for an array). */
  private readonly typed = new Map<Family, FamilyNode[]>();
  private typeMember: JsonSchemaNode | undefined;
  private readonly unknown = new Map<string, JsonValue>();

  constructor(
    private readonly builder: SchemaTreeBuilder,
    private readonly site: SchemaSite,
    private readonly json: JsonObject,
  ) {}

  translate(): JsonSchemaNode {
    this.typeMember = this.typeNode();
    let conditionalAdded = false;
    for (const [keyword, value] of Object.entries(this.json)) {
      const family = FAMILY_OF_KEYWORD.get(keyword);
      if (family) {
        this.familyKeyword(family, keyword, value);
      } else if (NODE_KEYWORDS.has(keyword)) {
        if (keyword === 'if' || keyword === 'then' || keyword === 'else') {
          if (!conditionalAdded) this.members.push(this.conditional());
          conditionalAdded = true;
        } else {
          this.nodeKeyword(keyword, value);
        }
      } else if (keyword === '$defs') {
        if (isJsonObject(value) && Object.keys(value).length > 0) this.unknown.set(keyword, value);
      } else if (keyword === 'additionalItems') {
        // Read together with a 2019-09 tuple `items`; otherwise not a keyword of these drafts.
        if (!(this.builder.draft === '2019-09' && Array.isArray(this.json['items']))) this.unknown.set(keyword, value);
      } else if (!SILENT_KEYWORDS.has(keyword)) {
        this.unknown.set(keyword, value);
      }
    }
    const node = this.combine();
    this.applyAnnotations(node);
    this.replaceBag(node);
    return node;
  }

  private combine(): JsonSchemaNode {
    if (this.members.length === 1) return this.members[0] as JsonSchemaNode;
    if (this.members.length === 0) return nodeOf<EmptyNode>(this.builder.common(this.site), { kind: 'empty' });
    const generated = nodeOf<CombinedNode>(this.builder.common(this.site), { kind: 'combined', criterion: 'allOf', subschemas: this.members, synthetic: true });
    return generated;
  }

  private applyAnnotations(node: JsonSchemaNode): void {
    const { title, description } = this.json;
    if (typeof title === 'string') node.title = title;
    if (typeof description === 'string') node.description = description;
    const defaultValue = this.json['default'];
    if (defaultValue !== undefined && defaultValue !== null) node.default = this.builder.literal(this.site, defaultValue, 'default');
  }

  /**
   * Confluent's translator sets the node's leftover bag to the unknown keywords (plus a non-empty `$defs`);
   * on a lone object/array node this drops the `unevaluated*`/`*Contains` entries the keywords put there.
   */
  private replaceBag(node: JsonSchemaNode): void {
    if (this.unknown.size === 0) return;
    node.unprocessed = new Map([...this.unknown].map(([keyword, value]) => [keyword, this.builder.literal(this.site, value, keyword)]));
    if (node.kind === 'object') delete node.unevaluatedProperties;
    if (node.kind === 'array') {
      delete node.unevaluatedItems;
      delete node.minContains;
      delete node.maxContains;
    }
  }

  /** The node(s) `type` makes; family nodes are remembered so the family's keywords merge into them. */
  private typeNode(): JsonSchemaNode | undefined {
    const type = this.json['type'];
    if (type === undefined) return undefined;
    if (Array.isArray(type)) {
      const subschemas = type.map((name) => this.explicitType(name));
      return nodeOf<CombinedNode>(this.builder.common(this.site), { kind: 'combined', criterion: 'anyOf', subschemas, synthetic: true });
    }
    return this.explicitType(type);
  }

  private explicitType(name: JsonValue): JsonSchemaNode {
    const common = this.builder.common(this.site);
    let node: JsonSchemaNode;
    switch (name) {
      case 'string':
        node = nodeOf<StringNode>(common, { kind: 'string', requiresString: true });
        break;
      case 'integer':
      case 'number':
        node = nodeOf<NumberNode>(common, { kind: 'number', requiresNumber: true, requiresInteger: name === 'integer' });
        break;
      case 'array':
        node = nodeOf<ArrayNode>(common, { kind: 'array', requiresArray: true, permitsAdditionalItems: true, uniqueItems: false });
        break;
      case 'object':
        node = emptyObject(common, true);
        break;
      case 'boolean':
        return nodeOf<BooleanNode>(common, { kind: 'boolean' });
      case 'null':
        return nodeOf<NullNode>(common, { kind: 'null' });
      default:
        throw this.builder.invalid({ document: this.site.location.document, pointer: `${this.site.location.pointer}/type` }, `unknown type ${JSON.stringify(name)}`, 'Use one of string, integer, number, boolean, null, array, object.');
    }
    const family = node.kind as Family;
    this.typed.set(family, [...(this.typed.get(family) ?? []), node]);
    return node;
  }

  private familyKeyword(family: Family, keyword: string, value: JsonValue): void {
    // json-sKema keeps `properties`/`patternProperties` on the schema itself; empty ones yield no object node.
    if ((keyword === 'properties' || keyword === 'patternProperties') && isJsonObject(value) && Object.keys(value).length === 0) return;
    const targets = this.typed.get(family) ?? [this.standaloneNode(family)];
    for (const target of targets) this.applyFamilyKeyword(target, keyword, value);
  }

  private standaloneNode(family: Family): FamilyNode {
    let node = this.standalone.get(family);
    if (!node) {
      const common = this.builder.common(this.site);
      switch (family) {
        case 'string':
          node = nodeOf<StringNode>(common, { kind: 'string', requiresString: false });
          break;
        case 'number':
          node = nodeOf<NumberNode>(common, { kind: 'number', requiresNumber: false, requiresInteger: false });
          break;
        case 'array':
          node = nodeOf<ArrayNode>(common, { kind: 'array', requiresArray: false, permitsAdditionalItems: true, uniqueItems: false });
          break;
        case 'object':
          node = emptyObject(common, false);
          break;
      }
      this.standalone.set(family, node);
      this.members.push(node);
    }
    return node;
  }

  private applyFamilyKeyword(node: FamilyNode, keyword: string, value: JsonValue): void {
    switch (node.kind) {
      case 'string':
        return this.stringKeyword(node, keyword, value);
      case 'number':
        return this.numberKeyword(node, keyword, value);
      case 'object':
        return this.objectKeyword(node, keyword, value);
      case 'array':
        return this.arrayKeyword(node, keyword, value);
    }
  }

  private stringKeyword(node: StringNode, keyword: string, value: JsonValue): void {
    if (keyword === 'minLength' && typeof value === 'number') node.minLength = value;
    if (keyword === 'maxLength' && typeof value === 'number') node.maxLength = value;
    if (keyword === 'pattern' && typeof value === 'string') {
      this.builder.regex(this.site, value, 'pattern');
      node.pattern = value;
    }
  }

  private numberKeyword(node: NumberNode, keyword: string, value: JsonValue): void {
    if (typeof value !== 'number') return;
    if (keyword === 'minimum') node.minimum = value;
    if (keyword === 'maximum') node.maximum = value;
    if (keyword === 'exclusiveMinimum') node.exclusiveMinimum = value;
    if (keyword === 'exclusiveMaximum') node.exclusiveMaximum = value;
    if (keyword === 'multipleOf') node.multipleOf = this.builder.numberText(this.site, value, 'multipleOf');
  }

  private objectKeyword(node: ObjectNode, keyword: string, value: JsonValue): void {
    const { builder, site } = this;
    switch (keyword) {
      case 'properties':
        if (isJsonObject(value)) for (const name of Object.keys(value)) node.properties.set(name, builder.child(site, 'properties', name));
        return;
      case 'patternProperties':
        if (isJsonObject(value)) {
          for (const pattern of Object.keys(value)) {
            node.patternProperties.push({ pattern, regex: builder.regex(site, pattern, 'patternProperties', pattern), schema: builder.child(site, 'patternProperties', pattern) });
          }
        }
        return;
      case 'additionalProperties':
        if (value === false) node.permitsAdditionalProperties = false;
        else if (value !== true) node.additionalPropertiesSchema = builder.child(site, 'additionalProperties');
        return;
      case 'required':
        if (Array.isArray(value)) node.required = value.filter((name): name is string => typeof name === 'string');
        return;
      case 'minProperties':
        if (typeof value === 'number') node.minProperties = value;
        return;
      case 'maxProperties':
        if (typeof value === 'number') node.maxProperties = value;
        return;
      case 'dependentRequired':
        if (isJsonObject(value)) {
          for (const [name, names] of Object.entries(value)) {
            if (Array.isArray(names)) node.propertyDependencies.set(name, names.filter((d): d is string => typeof d === 'string'));
          }
        }
        return;
      case 'dependentSchemas':
        if (isJsonObject(value)) for (const name of Object.keys(value)) node.schemaDependencies.set(name, builder.child(site, 'dependentSchemas', name));
        return;
      case 'propertyNames':
        node.propertyNames = builder.child(site, 'propertyNames');
        return;
      case 'unevaluatedProperties':
        node.unevaluatedProperties = builder.child(site, 'unevaluatedProperties');
        return;
    }
  }

  private arrayKeyword(node: ArrayNode, keyword: string, value: JsonValue): void {
    const { builder, site, json } = this;
    const draft2019 = builder.draft === '2019-09';
    switch (keyword) {
      case 'prefixItems':
        if (Array.isArray(value)) node.tupleItems = value.map((_, index) => builder.child(site, 'prefixItems', index));
        return;
      case 'items':
        if (draft2019 && Array.isArray(value)) {
          // 2019-09 tuple form; `additionalItems` then describes the rest.
          node.tupleItems = value.map((_, index) => builder.child(site, 'items', index));
          const additional = json['additionalItems'];
          if (additional === false) node.permitsAdditionalItems = false;
          else if (additional !== undefined && additional !== true) node.additionalItemsSchema = builder.child(site, 'additionalItems');
          return;
        }
        if (value === false) node.permitsAdditionalItems = false;
        else if (value !== true) {
          const item = builder.child(site, 'items');
          if (Array.isArray(json['prefixItems'])) node.additionalItemsSchema = item;
          else node.allItems = item;
        }
        return;
      case 'contains': {
        node.contains = builder.child(site, 'contains');
        const { minContains, maxContains } = json;
        node.minContains = typeof minContains === 'number' ? Math.trunc(minContains) : 1;
        if (typeof maxContains === 'number') node.maxContains = Math.trunc(maxContains);
        return;
      }
      case 'minItems':
        if (typeof value === 'number') node.minItems = value;
        return;
      case 'maxItems':
        if (typeof value === 'number') node.maxItems = value;
        return;
      case 'uniqueItems':
        if (typeof value === 'boolean') node.uniqueItems = value;
        return;
      case 'unevaluatedItems':
        node.unevaluatedItems = builder.child(site, 'unevaluatedItems');
        return;
    }
  }

  private nodeKeyword(keyword: string, value: JsonValue): void {
    const { builder, site } = this;
    const common = builder.common(site);
    switch (keyword) {
      case 'type':
        if (this.typeMember) this.members.push(this.typeMember);
        return;
      case '$ref':
      case '$dynamicRef':
      case '$recursiveRef':
        if (typeof value === 'string') this.members.push(builder.reference(site, value));
        return;
      case 'enum':
        if (Array.isArray(value)) this.members.push(nodeOf<EnumNode>(common, { kind: 'enum', values: value.map((item, index) => builder.literal(site, item, 'enum', index)) }));
        return;
      case 'const':
        this.members.push(nodeOf<ConstNode>(common, { kind: 'const', value: builder.literal(site, value, 'const') }));
        return;
      case 'not':
        this.members.push(nodeOf<NotNode>(common, { kind: 'not', schema: builder.child(site, 'not') }));
        return;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        if (Array.isArray(value)) {
          this.members.push(nodeOf<CombinedNode>(common, { kind: 'combined', criterion: keyword, synthetic: false, subschemas: value.map((_, index) => builder.child(site, keyword, index)) }));
        }
        return;
    }
  }

  private conditional(): JsonSchemaNode {
    const { builder, site, json } = this;
    return nodeOf<ConditionalNode>(builder.common(site), {
      kind: 'conditional',
      ...('if' in json ? { if: builder.child(site, 'if') } : {}),
      ...('then' in json ? { then: builder.child(site, 'then') } : {}),
      ...('else' in json ? { else: builder.child(site, 'else') } : {}),
    });
  }
}

function emptyObject(common: ReturnType<SchemaTreeBuilder['common']>, requires: boolean): ObjectNode {
  return nodeOf<ObjectNode>(common, {
    kind: 'object',
    requiresObject: requires,
    properties: new Map(),
    required: [],
    permitsAdditionalProperties: true,
    patternProperties: [],
    propertyDependencies: new Map(),
    schemaDependencies: new Map(),
  });
}
