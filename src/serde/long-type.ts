/** How 64-bit integers (Avro `long`, Protobuf `int64` and friends) are represented: the codegen `longType`. */
export type LongType = 'number' | 'bigint';
