/**
 * Finds properties a record value has that its Avro record does not declare. avsc writes the declared
 * fields and ignores any other property, so a misspelt field with a default (or any extra property) would
 * otherwise vanish silently. The check is compiled once per type into closures that only visit records.
 */
import avro from 'avsc';

/** The path to the first undeclared property of `value`, or undefined when it has none. */
export type UndeclaredFieldCheck = (value: unknown) => Array<string | number> | undefined;

function countKeys(value: object): number {
  let count = 0;
  for (const key in value) if (key !== undefined) count++;
  return count;
}

function firstUndeclared(value: Record<string, unknown>, names: ReadonlySet<string>): string | undefined {
  for (const key in value) if (!names.has(key)) return key;
  return undefined;
}

/** The check for values of `type`, or undefined when the type contains no record (nothing to check). */
export function undeclaredFieldCheck(type: avro.Type): UndeclaredFieldCheck | undefined {
  return new CheckBuilder().build(type);
}

class CheckBuilder {
  private readonly records = new Map<avro.Type, { check?: UndeclaredFieldCheck }>();

  build(type: avro.Type): UndeclaredFieldCheck | undefined {
    if (avro.Type.isType(type, 'logical')) return undefined;
    if (avro.Type.isType(type, 'record', 'error')) return this.record(type as avro.types.RecordType);
    if (avro.Type.isType(type, 'array')) {
      const items = this.build((type as avro.types.ArrayType).itemsType);
      if (!items) return undefined;
      return (value) => {
        const list = value as unknown[];
        for (let i = 0; i < list.length; i++) {
          const path = items(list[i]);
          if (path) return [i, ...path];
        }
        return undefined;
      };
    }
    if (avro.Type.isType(type, 'map')) {
      const values = this.build((type as avro.types.MapType).valuesType as avro.Type);
      if (!values) return undefined;
      return (value) => {
        const map = value as Record<string, unknown>;
        for (const key in map) {
          const path = values(map[key]);
          if (path) return [key, ...path];
        }
        return undefined;
      };
    }
    if (avro.Type.isType(type, 'union')) {
      const branches = (type as avro.types.WrappedUnionType).types
        .map((branch) => ({ branch, check: this.build(branch) }))
        .filter((entry): entry is { branch: avro.Type; check: UndeclaredFieldCheck } => entry.check !== undefined);
      if (branches.length === 0) return undefined;
      if (branches.length === 1) {
        const only = branches[0]!.check;
        return (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) ? only(value) : undefined);
      }
      // Several record-bearing branches: check against the branch the value is written with.
      return (value) => {
        const match = branches.find((entry) => entry.branch.isValid(value));
        return match ? match.check(value) : undefined;
      };
    }
    return undefined;
  }

  private record(type: avro.types.RecordType): UndeclaredFieldCheck {
    const known = this.records.get(type);
    if (known) return (value) => known.check!(value);
    const slot: { check?: UndeclaredFieldCheck } = {};
    this.records.set(type, slot);
    const names = new Set(type.fields.map((field) => field.name));
    const fieldCount = type.fields.length;
    // When every field is required, a valid value has all of them, so an extra key shows in the key count.
    const allRequired = type.fields.every((field) => field.defaultValue() === undefined);
    const children = type.fields
      .map((field) => ({ name: field.name, check: this.build(field.type) }))
      .filter((entry): entry is { name: string; check: UndeclaredFieldCheck } => entry.check !== undefined);
    slot.check = (value) => {
      const record = value as Record<string, unknown>;
      const undeclared = allRequired ? (countKeys(record) === fieldCount ? undefined : firstUndeclared(record, names)) : firstUndeclared(record, names);
      if (undeclared !== undefined) return [undeclared];
      for (let i = 0; i < children.length; i++) {
        const child = children[i]!;
        const fieldValue = record[child.name];
        if (fieldValue === undefined || fieldValue === null) continue;
        const path = child.check(fieldValue);
        if (path) return [child.name, ...path];
      }
      return undefined;
    };
    return slot.check;
  }
}
