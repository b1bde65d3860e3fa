/**
 * Files every Protobuf schema may import without a schema reference, as in Confluent Schema
 * Registry: Google's well-known types (`google/protobuf/*.proto`, from the definitions protobufjs
 * ships) and Confluent's bundled `confluent/meta.proto` and `confluent/type/decimal.proto`.
 * Confluent also bundles Google's common types (`google/type/*.proto`: Date, Money, LatLng, …); they
 * are written out below. (`google/protobuf/type.proto` and `api.proto` are not built in: protobufjs's
 * copies repeat types of `any.proto` — pass them as references if a schema imports them.)
 *
 * protobufjs's `descriptor.json` spells field names in camelCase; {@link BuiltinProtoFile.camelCaseFieldNames}
 * tells the model builder to restore protoc's snake_case names.
 */
import protobuf from 'protobufjs';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json' with { type: 'json' };
import sourceContextJson from 'protobufjs/google/protobuf/source_context.json' with { type: 'json' };
import type { ProtoSyntax } from './model.js';

/** A built-in file: either protobufjs JSON (Google's) or `.proto` text (Confluent's). */
export type BuiltinProtoFile =
  | {
      name: string;
      syntax: ProtoSyntax;
      packageName: string;
      json: protobuf.INamespace;
      imports: readonly string[];
      camelCaseFieldNames: boolean;
    }
  | { name: string; text: string };

const confluentMeta = `syntax = "proto3";
package confluent;

import "google/protobuf/descriptor.proto";

option go_package = "github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/confluent";
option java_package = "io.confluent.protobuf";
option java_outer_classname = "MetaProto";

message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}

extend google.protobuf.FileOptions {
  Meta file_meta = 1088;
}
extend google.protobuf.MessageOptions {
  Meta message_meta = 1088;
}
extend google.protobuf.FieldOptions {
  Meta field_meta = 1088;
}
extend google.protobuf.EnumOptions {
  Meta enum_meta = 1088;
}
extend google.protobuf.EnumValueOptions {
  Meta enum_value_meta = 1088;
}
`;

const confluentDecimal = `syntax = "proto3";

package confluent.type;

option go_package = "github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/confluent/types";

message Decimal {

  // The two's-complement representation of the unscaled integer value in big-endian byte order
  bytes value = 1;

  // The precision
  uint32 precision = 2;

  // The scale
  int32 scale = 3;
}
`;

/** `google/type/<file>.proto` as Google publishes them (comments and language options left out). */
const googleTypes: Record<string, string> = {
  calendar_period: `enum CalendarPeriod {
  CALENDAR_PERIOD_UNSPECIFIED = 0;
  DAY = 1;
  WEEK = 2;
  FORTNIGHT = 3;
  MONTH = 4;
  QUARTER = 5;
  HALF = 6;
  YEAR = 7;
}`,
  color: `import "google/protobuf/wrappers.proto";

message Color {
  float red = 1;
  float green = 2;
  float blue = 3;
  google.protobuf.FloatValue alpha = 4;
}`,
  date: `message Date {
  int32 year = 1;
  int32 month = 2;
  int32 day = 3;
}`,
  datetime: `import "google/protobuf/duration.proto";

message DateTime {
  int32 year = 1;
  int32 month = 2;
  int32 day = 3;
  int32 hours = 4;
  int32 minutes = 5;
  int32 seconds = 6;
  int32 nanos = 7;
  oneof time_offset {
    google.protobuf.Duration utc_offset = 8;
    TimeZone time_zone = 9;
  }
}

message TimeZone {
  string id = 1;
  string version = 2;
}`,
  dayofweek: `enum DayOfWeek {
  DAY_OF_WEEK_UNSPECIFIED = 0;
  MONDAY = 1;
  TUESDAY = 2;
  WEDNESDAY = 3;
  THURSDAY = 4;
  FRIDAY = 5;
  SATURDAY = 6;
  SUNDAY = 7;
}`,
  decimal: `message Decimal {
  string value = 1;
}`,
  expr: `message Expr {
  string expression = 1;
  string title = 2;
  string description = 3;
  string location = 4;
}`,
  fraction: `message Fraction {
  int64 numerator = 1;
  int64 denominator = 2;
}`,
  interval: `import "google/protobuf/timestamp.proto";

message Interval {
  google.protobuf.Timestamp start_time = 1;
  google.protobuf.Timestamp end_time = 2;
}`,
  latlng: `message LatLng {
  double latitude = 1;
  double longitude = 2;
}`,
  money: `message Money {
  string currency_code = 1;
  int64 units = 2;
  int32 nanos = 3;
}`,
  month: `enum Month {
  MONTH_UNSPECIFIED = 0;
  JANUARY = 1;
  FEBRUARY = 2;
  MARCH = 3;
  APRIL = 4;
  MAY = 5;
  JUNE = 6;
  JULY = 7;
  AUGUST = 8;
  SEPTEMBER = 9;
  OCTOBER = 10;
  NOVEMBER = 11;
  DECEMBER = 12;
}`,
  phone_number: `message PhoneNumber {
  message ShortCode {
    string region_code = 1;
    string number = 2;
  }
  oneof kind {
    string e164_number = 1;
    ShortCode short_code = 2;
  }
  string extension = 3;
}`,
  postal_address: `message PostalAddress {
  int32 revision = 1;
  string region_code = 2;
  string language_code = 3;
  string postal_code = 4;
  string sorting_code = 5;
  string administrative_area = 6;
  string locality = 7;
  string sublocality = 8;
  repeated string address_lines = 9;
  repeated string recipients = 10;
  string organization = 11;
}`,
  quaternion: `message Quaternion {
  double x = 1;
  double y = 2;
  double z = 3;
  double w = 4;
}`,
  timeofday: `message TimeOfDay {
  int32 hours = 1;
  int32 minutes = 2;
  int32 seconds = 3;
  int32 nanos = 4;
}`,
};

function commonJson(name: string): protobuf.INamespace {
  const json: unknown = (protobuf.common as unknown as Record<string, unknown>)[name];
  if (typeof json !== 'object' || json === null) throw new Error(`protobufjs does not ship ${name}`);
  return json as protobuf.INamespace;
}

const googleFiles: Array<[string, ProtoSyntax, () => protobuf.INamespace, readonly string[]]> = [
  ['google/protobuf/any.proto', 'proto3', () => commonJson('google/protobuf/any.proto'), []],
  ['google/protobuf/duration.proto', 'proto3', () => commonJson('google/protobuf/duration.proto'), []],
  ['google/protobuf/empty.proto', 'proto3', () => commonJson('google/protobuf/empty.proto'), []],
  ['google/protobuf/field_mask.proto', 'proto3', () => commonJson('google/protobuf/field_mask.proto'), []],
  ['google/protobuf/struct.proto', 'proto3', () => commonJson('google/protobuf/struct.proto'), []],
  ['google/protobuf/timestamp.proto', 'proto3', () => commonJson('google/protobuf/timestamp.proto'), []],
  ['google/protobuf/wrappers.proto', 'proto3', () => commonJson('google/protobuf/wrappers.proto'), []],
  ['google/protobuf/descriptor.proto', 'proto2', () => descriptorJson as protobuf.INamespace, []],
  ['google/protobuf/source_context.proto', 'proto3', () => sourceContextJson as protobuf.INamespace, []],
];

const builtins = new Map<string, () => BuiltinProtoFile>([
  ...googleFiles.map(
    ([name, syntax, json, imports]) =>
      [
        name,
        () => ({ name, syntax, packageName: 'google.protobuf', json: json(), imports, camelCaseFieldNames: name.endsWith('/descriptor.proto') }),
      ] as [string, () => BuiltinProtoFile],
  ),
  ['confluent/meta.proto', () => ({ name: 'confluent/meta.proto', text: confluentMeta })],
  ['confluent/type/decimal.proto', () => ({ name: 'confluent/type/decimal.proto', text: confluentDecimal })],
  ...Object.entries(googleTypes).map(([file, body]) => {
    const name = `google/type/${file}.proto`;
    const text = `syntax = "proto3";\n\npackage google.type;\n\n${body}\n`;
    return [name, () => ({ name, text })] as [string, () => BuiltinProtoFile];
  }),
]);

/** The import paths that are built in. */
export const BUILTIN_PROTO_IMPORTS: readonly string[] = [...builtins.keys()];

export function isBuiltinProtoImport(path: string): boolean {
  return builtins.has(path);
}

/** The built-in file for an import path, if it is one. */
export function builtinProtoFile(path: string): BuiltinProtoFile | undefined {
  return builtins.get(path)?.();
}
