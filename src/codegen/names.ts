/**
 * How schema names become TypeScript names, and how values are written as TypeScript literals.
 * Pure string functions; every generator uses these so names and quoting are the same everywhere.
 */

/** Words TypeScript does not accept as a type name, or names generated code relies on meaning the global. */
const RESERVED_TYPE_NAMES = new Set([
  // reserved words and contextual keywords that cannot name a type
  'any', 'bigint', 'boolean', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default',
  'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'implements',
  'import', 'in', 'instanceof', 'interface', 'let', 'never', 'new', 'null', 'number', 'object', 'package',
  'private', 'protected', 'public', 'return', 'static', 'string', 'super', 'switch', 'symbol', 'this', 'throw',
  'true', 'try', 'typeof', 'undefined', 'unknown', 'var', 'void', 'while', 'with', 'yield',
  // globals generated code refers to: a schema type named like one of these would shadow it
  'Array', 'Buffer', 'Date', 'Partial', 'Readonly', 'Record',
]);

/**
 * Whether `name` can be used as an exported type name without shadowing what generated code needs.
 * Reserved: TypeScript keywords and the globals generated code uses (`Date`, `Buffer`, `Record`, …).
 */
export function isUsableTypeName(name: string): boolean {
  return isIdentifier(name) && !RESERVED_TYPE_NAMES.has(name);
}

/** Whether `text` is a plain ECMAScript identifier (ASCII letters, digits, `_`, `$`; not starting with a digit). */
export function isIdentifier(text: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(text);
}

/** The words of a name: split at every non-alphanumeric character, keeping camelCase humps as they are. */
function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 0);
}

/**
 * `orders.payment-completed_v2beta` → `OrdersPaymentCompletedV2Beta`. Each word and each letter following
 * digits starts upper-case; other letters keep their case (`PaymentID` stays `PaymentID`). A result starting
 * with a digit gets a leading `_`. (The same identifiers json-schema-to-typescript makes of such names.)
 */
export function pascalCase(text: string): string {
  const joined = words(text)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')
    .replace(/([0-9])([a-z])/g, (_, digit: string, letter: string) => digit + letter.toUpperCase());
  if (joined === '') return '_';
  return /^[0-9]/.test(joined) ? `_${joined}` : joined;
}

/** `orders.payment.completed` → `ordersPaymentCompleted`: PascalCase with a lower-case first letter. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  if (pascal.startsWith('_')) return pascal;
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}

/**
 * The TypeScript name of a subject's type: PascalCase of the subject without `-value`; a `-key` subject
 * keeps `Key` as a suffix. `orders.payment.completed-value` → `OrdersPaymentCompleted`,
 * `orders.payment.completed-key` → `OrdersPaymentCompletedKey`, `com.acme.Money` → `ComAcmeMoney`.
 */
export function subjectTypeName(subject: string): string {
  if (subject.endsWith('-value')) return pascalCase(subject.slice(0, -'-value'.length));
  if (subject.endsWith('-key')) return `${pascalCase(subject.slice(0, -'-key'.length))}Key`;
  return pascalCase(subject);
}

/** A name that is not in `taken`: `base`, else `base2`, `base3`, … (deterministic). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let counter = 2; ; counter++) {
    const candidate = `${base}${counter}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * A TypeScript string literal for `value`: single-quoted, or double-quoted when that needs fewer escapes
 * (`"it's"` rather than `'it\'s'`), as prettier does.
 */
export function tsString(value: string): string {
  const singles = countOf(value, "'");
  const quote = singles > 0 && singles > countOf(value, '"') ? '"' : "'";
  const special = quote === "'" ? /['\\\u0000-\u001f\u007f\u2028\u2029]/g : /["\\\u0000-\u001f\u007f\u2028\u2029]/g;
  return quote + value.replace(special, escapeCharacter) + quote;
}

function countOf(text: string, char: string): number {
  let count = 0;
  for (let index = text.indexOf(char); index !== -1; index = text.indexOf(char, index + 1)) count++;
  return count;
}

const SHORT_ESCAPES: Record<string, string> = { "'": "\\'", '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCharacter(char: string): string {
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A property key as written in an interface or object literal: bare when it is an identifier, else quoted. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : tsString(name);
}

/** Import specifier from generated file `fromPath` to generated file `toPath` (both relative to outDir, `.ts`). */
export function relativeImport(fromPath: string, toPath: string): string {
  const fromDir = fromPath.split('/').slice(0, -1);
  const target = toPath.replace(/\.ts$/, '.js').split('/');
  let common = 0;
  while (common < fromDir.length && common < target.length - 1 && fromDir[common] === target[common]) common++;
  const ups = fromDir.length - common;
  const rest = target.slice(common).join('/');
  return ups === 0 ? `./${rest}` : `${'../'.repeat(ups)}${rest}`;
}
