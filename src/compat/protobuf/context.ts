/**
 * The state of one Protobuf diff: both schemas, the current location (Confluent's `#/Message/3`
 * style path), where differences go, and the messages whose fields are being compared (a recursion
 * guard for recursive types from changed references).
 */
import type { ParsedProtobufSchema, ProtoMessage } from '../../schema/protobuf/model.js';
import type { Difference } from '../types.js';
import { isBreakingProtobufRule, type ProtobufRuleId } from './rules.js';

export class DiffContext {
  private constructor(
    /** The writer's schema (Confluent's "original"). */
    readonly original: ParsedProtobufSchema,
    /** The reader's schema (Confluent's "update"). */
    readonly update: ParsedProtobufSchema,
    /** The context this one is below (its path continues with `segments`), or none at a root. */
    private readonly parent: DiffContext | undefined,
    private readonly segments: ReadonlyArray<string | number>,
    readonly differences: Difference[],
    readonly comparing: Set<ProtoMessage>,
  ) {}

  static root(original: ParsedProtobufSchema, update: ParsedProtobufSchema): DiffContext {
    return new DiffContext(original, update, undefined, [], [], new Set());
  }

  /** The same diff, one or more path segments deeper. The path is only spelled out when a difference is found. */
  at(...segments: Array<string | number>): DiffContext {
    return new DiffContext(this.original, this.update, this, segments, this.differences, this.comparing);
  }

  /** A separate diff rooted at `path` (used to compare a type defined in a reference); shares the recursion guard. */
  subcontext(path: readonly string[]): DiffContext {
    return new DiffContext(this.original, this.update, undefined, path, [], this.comparing);
  }

  private get path(): string[] {
    const own = this.segments.map(String);
    return this.parent ? [...this.parent.path, ...own] : own;
  }

  get location(): string {
    return `#/${this.path.join('/')}`;
  }

  add(ruleId: ProtobufRuleId, message: string): void {
    this.differences.push({ ruleId, location: this.location, message });
  }

  /** Whether anything recorded so far breaks compatibility. */
  hasBreaking(): boolean {
    return this.differences.some((d) => isBreakingProtobufRule(d.ruleId as ProtobufRuleId));
  }
}
