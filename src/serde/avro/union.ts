/**
 * An unwrapped union for branches avsc cannot tell apart by JavaScript type (two records, `int` and
 * `long`, a `string` and a `decimal`, …). The generated types make a union value the branch value itself,
 * so a value is written with the FIRST branch it is valid for — the rule Avro's Java `GenericData` follows
 * for ambiguous values — and read back unwrapped.
 *
 * avsc only offers wrapped unions for such schemas; this subclass keeps avsc's wrapped union for its
 * schema handling and resolution and overrides the value hooks. It relies on avsc 5.7's internal hook
 * names (`_read`, `_write`, `_check`, `_copy`, `_update`), which is why avsc is pinned.
 */
import avro from 'avsc';

/** The internal hooks of avsc types used here. */
interface AvscHooks {
  _read(tap: unknown): unknown;
  _write(tap: unknown, value: unknown): void;
  _check(value: unknown, flags?: unknown, hook?: (value: unknown, type: unknown) => void, path?: string[]): boolean;
  _copy(value: unknown, options?: { wrap?: number; coerce?: number }): unknown;
}

interface Tap {
  readLong(): number;
  writeLong(value: number): void;
}

interface Resolver {
  _read?: (tap: Tap) => unknown;
}

function hooks(type: avro.Type): AvscHooks {
  return type as unknown as AvscHooks;
}

export class FirstMatchUnionType extends avro.types.WrappedUnionType {
  constructor(schema: unknown, options: unknown) {
    super(schema as avro.Schema, options);
  }

  /** Index of the first branch `value` is valid for, or -1. */
  branchIndexOf(value: unknown): number {
    const types = this.types;
    for (let i = 0; i < types.length; i++) if (hooks(types[i]!)._check(value)) return i;
    return -1;
  }
}

// Overridden on the prototype: avsc freezes union instances in their constructor, and calls these hooks
// through the prototype chain.
const prototype = FirstMatchUnionType.prototype as unknown as AvscHooks & {
  types: avro.Type[];
  branchIndexOf(value: unknown): number;
  _update(resolver: Resolver, writer: avro.Type, options: unknown): void;
};

prototype._read = function (this: typeof prototype, tap: unknown) {
  const branch = this.types[(tap as Tap).readLong()];
  if (!branch) throw new Error('invalid union index');
  return hooks(branch)._read(tap);
};

prototype._write = function (this: typeof prototype, tap: unknown, value: unknown) {
  const index = this.branchIndexOf(value);
  if (index < 0) throw new Error(`invalid ${JSON.stringify(this.types.map((type) => type.typeName))}: no union branch accepts the value`);
  (tap as Tap).writeLong(index);
  if (value !== null) hooks(this.types[index]!)._write(tap, value);
};

prototype._check = function (this: typeof prototype, value: unknown, flags: unknown, hook?: (value: unknown, type: unknown) => void, path?: string[]) {
  const valid = this.branchIndexOf(value) >= 0;
  if (!valid && hook) {
    // Report the deepest problem of the branch the value most looks like (same JavaScript category), for a useful path.
    const sameKind = this.types.find((type) => typeof value === 'object' && value !== null && (type.typeName === 'record' || type.typeName === 'map'));
    if (sameKind && path) hooks(sameKind)._check(value, flags, hook, path);
    else hook(value, this);
  }
  return valid;
};

prototype._copy = function (this: typeof prototype, value: unknown, options?: { wrap?: number; coerce?: number }) {
  // Schema defaults (wrap 2) belong to the first branch, as the Avro spec says.
  if (options?.wrap === 2) return hooks(this.types[0]!)._copy(value, options);
  const index = this.branchIndexOf(value);
  if (index < 0) throw new Error('invalid union value');
  return hooks(this.types[index]!)._copy(value, options);
};

prototype._update = function (this: typeof prototype, resolver: Resolver, writer: avro.Type, options: unknown) {
  // A non-union writer is read with the first branch that resolves it, unwrapped.
  for (const branch of this.types) {
    let branchResolver: { _read(tap: Tap): unknown };
    try {
      branchResolver = branch.createResolver(writer, options as never) as unknown as { _read(tap: Tap): unknown };
    } catch {
      continue;
    }
    resolver._read = (tap: Tap) => branchResolver._read(tap);
    return;
  }
};
