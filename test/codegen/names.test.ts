import { describe, expect, it } from 'vitest';
import { camelCase, isUsableTypeName, pascalCase, propertyKey, relativeImport, subjectTypeName, tsString, uniqueName } from '../../src/codegen/names.js';

describe('subject and type names', () => {
  it.each([
    ['orders.payment.completed-value', 'OrdersPaymentCompleted'],
    ['orders.payment.completed-key', 'OrdersPaymentCompletedKey'],
    ['com.acme.Money', 'ComAcmeMoney'],
    ['user_profile-updated-value', 'UserProfileUpdated'],
    ['orders-v2beta-value', 'OrdersV2Beta'],
    ['2fa.codes-value', '_2FaCodes'],
    ['PaymentID-value', 'PaymentID'],
    ['-value', '_'],
  ])('subjectTypeName(%s) = %s', (subject, expected) => {
    expect(subjectTypeName(subject)).toBe(expected);
  });

  it('camelCase lowers the first letter only', () => {
    expect(camelCase('orders.payment.completed')).toBe('ordersPaymentCompleted');
    expect(camelCase('2fa')).toBe('_2Fa');
  });

  it('pascalCase keeps inner capitals', () => {
    expect(pascalCase('HTTPRequest.v1')).toBe('HTTPRequestV1');
  });

  it('reserves keywords and the globals generated code uses', () => {
    for (const name of ['Date', 'Buffer', 'Record', 'string', 'interface']) expect(isUsableTypeName(name)).toBe(false);
    for (const name of ['Order', 'DateRange', '_x']) expect(isUsableTypeName(name)).toBe(true);
    expect(isUsableTypeName('a-b')).toBe(false);
  });

  it('uniqueName counts up from 2', () => {
    expect(uniqueName('A', new Set())).toBe('A');
    expect(uniqueName('A', new Set(['A', 'A2']))).toBe('A3');
  });
});

describe('literals', () => {
  it('tsString escapes quotes, backslashes, line breaks and control characters', () => {
    expect(tsString(`it's a \\ "x"\n\t\u0001\u2028`)).toBe(`'it\\'s a \\\\ "x"\\n\\t\\u0001\\u2028'`);
    // Double quotes when they need fewer escapes, as prettier does.
    expect(tsString("it's")).toBe(`"it's"`);
    // What it prints evaluates back to the same string.
    for (const value of [`a'b\\c\r\n\u0000é😀`, `"'"'`, `''"`]) {
      expect(new Function(`return ${tsString(value)};`)()).toBe(value);
    }
  });

  it('propertyKey quotes only non-identifiers', () => {
    expect(propertyKey('order_id')).toBe('order_id');
    expect(propertyKey('weird-key')).toBe("'weird-key'");
    expect(propertyKey('1st')).toBe("'1st'");
  });
});

describe('relativeImport', () => {
  it.each([
    ['a/v1.ts', 'a/index.ts', './index.js'],
    ['a/v2.ts', 'b/v1.ts', '../b/v1.js'],
    ['topics.ts', 'a.b-value/index.ts', './a.b-value/index.js'],
    ['x/y/z.ts', 'x/w.ts', '../w.js'],
  ])('%s → %s is %s', (from, to, expected) => {
    expect(relativeImport(from, to)).toBe(expected);
  });
});
