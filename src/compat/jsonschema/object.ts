/**
 * Objects, in Confluent's order: required flags, properties (added/removed ones judged by the content model),
 * dependencies, `additionalProperties`, `unevaluatedProperties`, `maxProperties`/`minProperties`. Names are
 * visited in Java hash-set order, so findings come out in the order Confluent lists them.
 * `patternProperties` schemas and `propertyNames` are not compared, as in Confluent.
 */
import { isEmptyNode, type JsonSchemaNode, type ObjectNode } from '../../schema/jsonschema.js';
import { javaHashSetOrder } from '../../schema/jsonschema/java-hash-order.js';
import { compareLimit } from './bounds.js';
import { compareSchemas } from './compare.js';
import { isOpenObject, objectSchemaForUndeclared } from './content-model.js';
import type { DiffContext } from './context.js';
import { describeNode } from './describe.js';
import { compareUnevaluated } from './unevaluated.js';

export function compareObjects(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  compareRequired(ctx, original, update);
  compareProperties(ctx, original, update);
  compareDependencies(ctx, original, update);
  compareAdditionalProperties(ctx, original, update);
  compareUnevaluated(ctx, 'unevaluatedProperties', 'UNEVALUATED_PROPERTIES', original.unevaluatedProperties, update.unevaluatedProperties);
  compareLimit(ctx, 'maxProperties', 'MAX_PROPERTIES', original.maxProperties, update.maxProperties);
  compareLimit(ctx, 'minProperties', 'MIN_PROPERTIES', original.minProperties, update.minProperties);
}

/** Required flags of properties declared on both sides (path `required/<name>`). */
function compareRequired(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  const shared = [...original.properties.keys()].filter((name) => update.properties.has(name));
  for (const name of javaHashSetOrder(shared)) {
    const wasRequired = original.required.includes(name);
    const isRequired = update.required.includes(name);
    ctx.at(`required/${name}`, () => {
      if (wasRequired && !isRequired) ctx.add('REQUIRED_ATTRIBUTE_REMOVED', `property "${name}" is no longer required`);
      else if (!wasRequired && isRequired) {
        if (update.properties.get(name)?.default !== undefined) ctx.add('REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED', `property "${name}" became required (it has a default)`);
        else ctx.add('REQUIRED_ATTRIBUTE_ADDED', `property "${name}" became required without a default`);
      }
    });
  }
}

function compareProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  for (const name of javaHashSetOrder([...original.properties.keys()], [...update.properties.keys()])) {
    const before = original.properties.get(name);
    const after = update.properties.get(name);
    ctx.at(`properties/${name}`, () => {
      if (after === undefined && before !== undefined) propertyRemoved(ctx, update, name, before);
      else if (before === undefined && after !== undefined) propertyAdded(ctx, original, update, name, after);
      else compareSchemas(ctx, before, after);
    });
  }
}

/** A property only the original declares, judged by the update's content model. */
function propertyRemoved(ctx: DiffContext, update: ObjectNode, name: string, removed: JsonSchemaNode): void {
  if (isOpenObject(update)) {
    ctx.add('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', `property "${name}" removed; the object still accepts any other property`);
    return;
  }
  const covering = objectSchemaForUndeclared(update, name);
  if (covering) {
    const scratch = ctx.subcontext();
    compareSchemas(scratch, removed, covering);
    ctx.adopt(scratch);
    if (scratch.isCompatible()) ctx.add('PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `property "${name}" removed; the schema that now applies to it accepts its old values`);
    else ctx.add('PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `property "${name}" removed; the schema that now applies to it rejects some of its old values`);
    return;
  }
  if (removed.kind === 'false') ctx.add('PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL', `property "${name}" (schema false) removed from a closed object`);
  else ctx.add('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', `property "${name}" removed from a closed object, which now rejects data that has it`);
}

/** A property only the update declares, judged by the original's content model. */
function propertyAdded(ctx: DiffContext, original: ObjectNode, update: ObjectNode, name: string, added: JsonSchemaNode): void {
  const required = update.required.includes(name);
  const hasDefault = added.default !== undefined;
  if (isOpenObject(original)) {
    if (isEmptyNode(added)) ctx.add('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', `property "${name}" with an empty schema added to an open object`);
    else if (required && hasDefault) ctx.add('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL', `required property "${name}" (with default) added to an open object`);
    else if (required) ctx.add('REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', `required property "${name}" without default added to an open object`);
    else ctx.add('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', `optional property "${name}" (${describeNode(added)}) added to an open object, whose old data may hold "${name}" with any value`);
    return;
  }
  const covering = objectSchemaForUndeclared(original, name);
  if (covering) {
    const scratch = ctx.subcontext();
    compareSchemas(scratch, covering, added);
    ctx.adopt(scratch);
    if (scratch.isCompatible()) ctx.add('PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `property "${name}" added; it accepts what the schema that applied to it before accepted`);
    else ctx.add('PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', `property "${name}" added; it rejects values the schema that applied to it before accepted`);
  }
  if (required && hasDefault) ctx.add('REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL', `required property "${name}" (with default) added`);
  else if (required) ctx.add('REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', `required property "${name}" without default added`);
  else ctx.add('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', `optional property "${name}" added`);
}

/** Property dependencies (name → names), then schema dependencies, at `dependencies/<name>`. */
function compareDependencies(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  for (const name of javaHashSetOrder([...original.propertyDependencies.keys()], [...update.propertyDependencies.keys()])) {
    const before = original.propertyDependencies.get(name);
    const after = update.propertyDependencies.get(name);
    ctx.at(`dependencies/${name}`, () => {
      if (after === undefined) ctx.add('DEPENDENCY_ARRAY_REMOVED', `dependency of "${name}" removed`);
      else if (before === undefined) ctx.add('DEPENDENCY_ARRAY_ADDED', `dependency of "${name}" on ${after.join(', ')} added`);
      else compareDependencyNames(ctx, name, new Set(before), new Set(after));
    });
  }
  for (const name of javaHashSetOrder([...original.schemaDependencies.keys()], [...update.schemaDependencies.keys()])) {
    const before = original.schemaDependencies.get(name);
    const after = update.schemaDependencies.get(name);
    ctx.at(`dependencies/${name}`, () => {
      if (after === undefined) ctx.add('DEPENDENCY_SCHEMA_REMOVED', `schema dependency of "${name}" removed`);
      else if (before === undefined) ctx.add('DEPENDENCY_SCHEMA_ADDED', `schema dependency of "${name}" added`);
      else compareSchemas(ctx, before, after);
    });
  }
}

function compareDependencyNames(ctx: DiffContext, name: string, before: Set<string>, after: Set<string>): void {
  const added = [...after].filter((dependency) => !before.has(dependency));
  const removed = [...before].filter((dependency) => !after.has(dependency));
  if (added.length === 0 && removed.length === 0) return;
  if (removed.length === 0) ctx.add('DEPENDENCY_ARRAY_EXTENDED', `"${name}" now also requires ${added.join(', ')}`);
  else if (added.length === 0) ctx.add('DEPENDENCY_ARRAY_NARROWED', `"${name}" no longer requires ${removed.join(', ')}`);
  else ctx.add('DEPENDENCY_ARRAY_CHANGED', `"${name}" now requires ${added.join(', ')} instead of ${removed.join(', ')}`);
}

function compareAdditionalProperties(ctx: DiffContext, original: ObjectNode, update: ObjectNode): void {
  ctx.at('additionalProperties', () => {
    if (original.permitsAdditionalProperties !== update.permitsAdditionalProperties) {
      if (update.permitsAdditionalProperties) ctx.add('ADDITIONAL_PROPERTIES_ADDED', 'additional properties are now allowed');
      else ctx.add('ADDITIONAL_PROPERTIES_REMOVED', 'additional properties are no longer allowed');
    } else if (original.additionalPropertiesSchema === undefined && update.additionalPropertiesSchema !== undefined) {
      ctx.add('ADDITIONAL_PROPERTIES_NARROWED', 'additional properties must now match a schema');
    } else if (original.additionalPropertiesSchema !== undefined && update.additionalPropertiesSchema === undefined) {
      ctx.add('ADDITIONAL_PROPERTIES_EXTENDED', 'additional properties no longer need to match a schema');
    } else {
      compareSchemas(ctx, original.additionalPropertiesSchema, update.additionalPropertiesSchema);
    }
  });
}
