import protobuf from 'protobufjs';

/**
 * The part of TensorFlow's graph.proto, node_def.proto, attr_value.proto, tensor.proto and
 * tensor_shape.proto that a frozen inference graph uses. Field numbers are TensorFlow's.
 */
const GRAPHDEF_PROTO = `
syntax = "proto3";
package tensorflow;
message GraphDef { repeated NodeDef node = 1; }
message NodeDef {
  string name = 1;
  string op = 2;
  repeated string input = 3;
  string device = 4;
  map<string, AttrValue> attr = 5;
}
message AttrValue {
  message ListValue {
    repeated bytes s = 2;
    repeated int64 i = 3;
    repeated float f = 4;
    repeated bool b = 5;
    repeated int32 type = 6;
    repeated TensorShapeProto shape = 7;
    repeated TensorProto tensor = 8;
  }
  oneof value {
    ListValue list = 1;
    bytes s = 2;
    int64 i = 3;
    float f = 4;
    bool b = 5;
    int32 type = 6;
    TensorShapeProto shape = 7;
    TensorProto tensor = 8;
  }
}
message TensorShapeProto {
  message Dim { int64 size = 1; string name = 2; }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}
message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  bytes tensor_content = 4;
  repeated float float_val = 5;
  repeated int32 int_val = 7;
  repeated int64 int64_val = 10;
}
`;

let graphDef: protobuf.Type | undefined;
export function graphDefType(): protobuf.Type {
  graphDef ??= protobuf.parse(GRAPHDEF_PROTO, { keepCase: true }).root.lookupType('tensorflow.GraphDef');
  return graphDef;
}

export const DT_FLOAT = 1;
export const DT_INT32 = 3;

export interface TensorMessage {
  dtype?: number;
  tensor_shape?: { dim?: { size?: number | Long }[] };
  tensor_content?: Uint8Array;
  float_val?: number[];
  int_val?: number[];
}
interface Long {
  toNumber(): number;
}
export interface AttrMessage {
  list?: { i?: (number | Long)[]; f?: number[]; s?: Uint8Array[] };
  s?: Uint8Array;
  i?: number | Long;
  f?: number;
  b?: boolean;
  type?: number;
  tensor?: TensorMessage;
}
export interface NodeMessage {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrMessage>;
}

export const toNumber = (v: number | Long | undefined): number => (v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber());
