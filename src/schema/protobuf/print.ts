/**
 * Prints the model back to `.proto` text, in two modes:
 *
 * - faithful (default): declaration order, type names as written, comments kept;
 * - canonical (`normalize`): comments dropped; imports sorted; options sorted by name; every named
 *   type fully qualified with a leading dot; fields, oneofs and groups ordered by field number;
 *   enum values by number; reserved and extension ranges sorted. Messages keep their order (it
 *   decides Confluent's message indexes), enums keep theirs.
 */
import type {
  ProtoEnum,
  ProtoExtension,
  ProtoField,
  ProtoFieldType,
  ProtoFile,
  ProtoGroup,
  ProtoMessage,
  ProtoOption,
  ProtoOptionValue,
  ProtoRange,
  ProtoService,
  ProtoValueType,
} from './model.js';

export interface PrintOptions {
  /** Canonical form (see the module comment). Named types must be resolved. */
  canonical?: boolean;
}

const MAX_FIELD_NUMBER = 536870911;

export function printProtoFile(file: ProtoFile, options: PrintOptions = {}): string {
  const p = new Printer(options.canonical === true);
  p.line(`syntax = "${file.syntax}";`);
  if (file.package) p.line(`package ${file.package};`);
  const imports = p.canonical ? [...file.imports].sort((a, b) => compare(a.path, b.path)) : file.imports;
  if (imports.length > 0) p.blank();
  for (const imp of imports) p.line(`import ${imp.modifier ? `${imp.modifier} ` : ''}${quote(imp.path)};`);
  const fileOptions = p.sortOptions(file.options);
  if (fileOptions.length > 0) p.blank();
  for (const option of fileOptions) p.line(`option ${printOption(option)};`);
  for (const message of file.messages) {
    p.blank();
    p.message(message);
  }
  for (const enumType of file.enums) {
    p.blank();
    p.enum(enumType);
  }
  for (const extension of file.extensions) {
    p.blank();
    p.extension(extension);
  }
  for (const service of file.services) {
    p.blank();
    p.service(service);
  }
  return p.text();
}

type BodyItem =
  | { kind: 'field'; number: number; field: ProtoField }
  | { kind: 'oneof'; number: number; name: string }
  | { kind: 'group'; number: number; group: ProtoGroup };

class Printer {
  private readonly lines: string[] = [];
  private indent = 0;

  constructor(readonly canonical: boolean) {}

  line(text: string): void {
    this.lines.push(`${'  '.repeat(this.indent)}${text}`);
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  comment(text: string | undefined): void {
    if (this.canonical || text === undefined) return;
    for (const line of text.split('\n')) this.line(line.trim() === '' ? '//' : `// ${line}`);
  }

  sortOptions(options: readonly ProtoOption[]): readonly ProtoOption[] {
    return this.canonical ? [...options].sort((a, b) => compare(a.name, b.name)) : options;
  }

  block(head: string, body: () => void): void {
    this.line(`${head} {`);
    this.indent++;
    body();
    this.indent--;
    this.line('}');
  }

  message(message: ProtoMessage): void {
    this.comment(message.comment);
    this.block(`message ${message.name}`, () => this.messageBody(message));
  }

  messageBody(message: ProtoMessage): void {
    for (const option of this.sortOptions(message.options)) this.line(`option ${printOption(option)};`);
    const printedOneofs = new Set<string>();
    for (const item of this.bodyItems(message)) {
      if (item.kind === 'field') this.field(item.field);
      else if (item.kind === 'group') this.group(item.group);
      else if (!printedOneofs.has(item.name)) {
        printedOneofs.add(item.name);
        this.oneof(message, item.name);
      }
    }
    for (const nested of message.messages) this.message(nested);
    for (const enumType of message.enums) this.enum(enumType);
    for (const extension of message.extensions) this.extension(extension);
    this.ranges('extensions', message.extensionRanges);
    this.ranges('reserved', message.reservedRanges);
    this.reservedNames(message.reservedNames);
  }

  /** Top-level fields, groups and oneofs (one item per oneof, at its first member). */
  bodyItems(message: ProtoMessage): BodyItem[] {
    const items: BodyItem[] = [];
    for (const field of message.fields) {
      items.push(field.oneof ? { kind: 'oneof', number: field.number, name: field.oneof } : { kind: 'field', number: field.number, field });
    }
    for (const group of message.groups) {
      items.push(group.oneof ? { kind: 'oneof', number: group.number, name: group.oneof } : { kind: 'group', number: group.number, group });
    }
    return this.canonical ? items.sort((a, b) => a.number - b.number) : items;
  }

  oneof(message: ProtoMessage, name: string): void {
    const oneof = message.oneofs.find((o) => o.name === name);
    this.comment(oneof?.comment);
    this.block(`oneof ${name}`, () => {
      for (const option of this.sortOptions(oneof?.options ?? [])) this.line(`option ${printOption(option)};`);
      const members: Array<ProtoField | ProtoGroup> = [...message.fields.filter((f) => f.oneof === name), ...message.groups.filter((g) => g.oneof === name)];
      if (this.canonical) members.sort((a, b) => a.number - b.number);
      for (const member of members) {
        if ('message' in member) this.group(member);
        else this.field(member);
      }
    });
  }

  field(field: ProtoField): void {
    this.comment(field.comment);
    const label = field.label ? `${field.label} ` : '';
    this.line(`${label}${this.fieldType(field.type)} ${field.name} = ${field.number}${this.inlineOptions(field.options)};`);
  }

  group(group: ProtoGroup): void {
    this.comment(group.message.comment);
    const label = group.label ? `${group.label} ` : '';
    this.block(`${label}group ${group.message.name} = ${group.number}`, () => this.messageBody(group.message));
  }

  fieldType(type: ProtoFieldType): string {
    return type.kind === 'map' ? `map<${type.key}, ${this.valueType(type.value)}>` : this.valueType(type);
  }

  valueType(type: ProtoValueType): string {
    if (type.kind === 'scalar') return type.scalar;
    return this.canonical && type.fullName !== '' ? `.${type.fullName}` : type.written;
  }

  inlineOptions(options: readonly ProtoOption[]): string {
    const sorted = this.sortOptions(options);
    return sorted.length === 0 ? '' : ` [${sorted.map(printOption).join(', ')}]`;
  }

  enum(enumType: ProtoEnum): void {
    this.comment(enumType.comment);
    this.block(`enum ${enumType.name}`, () => {
      for (const option of this.sortOptions(enumType.options)) this.line(`option ${printOption(option)};`);
      const values = this.canonical ? [...enumType.values].sort((a, b) => a.number - b.number) : enumType.values;
      for (const value of values) {
        this.comment(value.comment);
        this.line(`${value.name} = ${value.number}${this.inlineOptions(value.options)};`);
      }
      this.ranges('reserved', enumType.reservedRanges);
      this.reservedNames(enumType.reservedNames);
    });
  }

  extension(extension: ProtoExtension): void {
    const extendee = this.canonical && extension.extendeeFullName !== '' ? `.${extension.extendeeFullName}` : extension.extendee;
    this.block(`extend ${extendee}`, () => {
      const fields = this.canonical ? [...extension.fields].sort((a, b) => a.number - b.number) : extension.fields;
      for (const field of fields) this.field(field);
    });
  }

  service(service: ProtoService): void {
    this.comment(service.comment);
    this.block(`service ${service.name}`, () => {
      for (const option of this.sortOptions(service.options)) this.line(`option ${printOption(option)};`);
      for (const method of service.methods) {
        this.comment(method.comment);
        const input = this.canonical && method.inputFullName !== '' ? `.${method.inputFullName}` : method.inputType;
        const output = this.canonical && method.outputFullName !== '' ? `.${method.outputFullName}` : method.outputType;
        const head = `rpc ${method.name}(${method.clientStreaming ? 'stream ' : ''}${input}) returns (${method.serverStreaming ? 'stream ' : ''}${output})`;
        const options = this.sortOptions(method.options);
        if (options.length === 0) this.line(`${head};`);
        else this.block(head, () => options.forEach((o) => this.line(`option ${printOption(o)};`)));
      }
    });
  }

  ranges(keyword: string, ranges: readonly ProtoRange[]): void {
    if (ranges.length === 0) return;
    const sorted = this.canonical ? [...ranges].sort((a, b) => a.from - b.from) : ranges;
    const text = sorted.map((r) => (r.from === r.to ? String(r.from) : `${r.from} to ${r.to === MAX_FIELD_NUMBER ? 'max' : r.to}`));
    this.line(`${keyword} ${text.join(', ')};`);
  }

  reservedNames(names: readonly string[]): void {
    if (names.length === 0) return;
    const sorted = this.canonical ? [...names].sort(compare) : names;
    this.line(`reserved ${sorted.map(quote).join(', ')};`);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `name = value` as in `option name = value;` and `[name = value]`. */
export function printOption(option: ProtoOption): string {
  return `${option.name} = ${printOptionValue(option.value)}`;
}

export function printOptionValue(value: ProtoOptionValue): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (value === Infinity) return 'inf';
    if (value === -Infinity) return '-inf';
    return String(value);
  }
  if (value.kind === 'identifier') return value.name;
  if (value.kind === 'list') return `[${value.items.map(printOptionValue).join(', ')}]`;
  return value.fields.length === 0 ? '{}' : `{ ${value.fields.map((f) => `${f.name}: ${printOptionValue(f.value)}`).join(' ')} }`;
}

/** A double-quoted `.proto` string literal. */
export function quote(text: string): string {
  return `"${text.replace(/[\\"\n\r\t\0]/g, (ch) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' })[ch] ?? ch)}"`;
}
