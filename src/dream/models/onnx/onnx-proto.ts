import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';

/**
 * The part of ONNX's onnx.proto that reading a model needs (field numbers are ONNX's own).
 * A reading copy, separate from the ORT engine's writing schema, so the importer stays
 * engine-free; it also reads the fields exporters use that dreamreel never writes
 * (float_data, int64_data, external data).
 */
const ONNX_READ_PROTO = `
syntax = "proto2";
package onnx;
message AttributeProto {
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  optional int32 type = 20;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}
message StringStringEntryProto { optional string key = 1; optional string value = 2; }
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
  repeated StringStringEntryProto external_data = 13;
  optional int32 data_location = 14;
}
message ValueInfoProto { optional string name = 1; }
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
`;

type Int = number | { toNumber(): number };
const num = (v: Int | undefined | null): number => (v === undefined || v === null ? 0 : typeof v === 'number' ? v : v.toNumber());

export interface OnnxAttribute {
  name: string;
  f?: number;
  i?: Int;
  s?: Uint8Array;
  t?: OnnxTensorProto;
  floats?: number[];
  ints?: Int[];
}
export interface OnnxNode {
  input?: string[];
  output?: string[];
  name?: string;
  op_type: string;
  attribute?: OnnxAttribute[];
  domain?: string;
}
export interface OnnxTensorProto {
  dims?: Int[];
  data_type?: number;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: Int[];
  name?: string;
  raw_data?: Uint8Array;
  double_data?: number[];
  external_data?: { key: string; value: string }[];
  data_location?: number;
}
export interface OnnxModel {
  graph: { node?: OnnxNode[]; initializer?: OnnxTensorProto[]; input?: { name: string }[]; output?: { name: string }[] };
  opset_import?: { domain?: string; version?: Int }[];
}

let modelType: protobuf.Type | undefined;

/** The ModelProto type of the reading schema (tests also write external-data models with it). */
export function onnxReadModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_READ_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  const model = onnxReadModelType().decode(bytes) as unknown as OnnxModel;
  if (!model.graph) throw new Error('the file holds no ONNX graph');
  return model;
}

/** A constant: float32 (weights) or integers (shapes, pads, axes) as plain numbers. */
export interface ConstTensor {
  readonly dims: number[];
  readonly data: Float32Array;
}

const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const DOUBLE = 11;
const FLOAT16 = 10;

/** The bytes of a tensor stored outside the .onnx file, in a file beside it. */
function externalBytes(t: OnnxTensorProto, dir: string): Uint8Array {
  const entry = (key: string): string | undefined => t.external_data?.find((e) => e.key === key)?.value;
  const location = entry('location');
  if (!location || !existsSync(join(dir, location))) throw new Error(`tensor ${t.name} is stored in ${location ?? '(no location)'}, which is not beside the model`);
  const file = readFileSync(join(dir, location));
  const offset = Number(entry('offset') ?? 0);
  const length = entry('length') === undefined ? file.byteLength - offset : Number(entry('length'));
  return file.subarray(offset, offset + length);
}

function fromRaw(raw: Uint8Array, type: number, count: number): Float32Array {
  // A copy: protobufjs hands out views into a shared buffer, at any alignment.
  const buffer = new Uint8Array(raw).buffer;
  if (type === FLOAT) return new Float32Array(buffer);
  if (type === INT64) return Float32Array.from(new BigInt64Array(buffer), Number);
  if (type === INT32) return Float32Array.from(new Int32Array(buffer));
  if (type === DOUBLE) return Float32Array.from(new Float64Array(buffer));
  throw new Error(`tensors of ONNX type ${type} are not supported (${count} values)`);
}

/** Decodes an initializer or Constant's value; `dir` is where external data files lie. */
export function constTensor(t: OnnxTensorProto, dir: string): ConstTensor {
  const dims = (t.dims ?? []).map(num);
  const count = dims.reduce((a, b) => a * b, 1);
  const type = t.data_type ?? FLOAT;
  if (type === FLOAT16) throw new Error(`tensor ${t.name} is float16; export the model in float32`);
  if (t.data_location === 1) return { dims, data: fromRaw(externalBytes(t, dir), type, count) };
  if (t.raw_data && t.raw_data.byteLength > 0) return { dims, data: fromRaw(t.raw_data, type, count) };
  const values: number[] = t.float_data?.length ? t.float_data : t.int64_data?.length ? t.int64_data.map(num) : t.int32_data?.length ? t.int32_data : t.double_data ?? [];
  return { dims, data: Float32Array.from(values) };
}

/** Attribute lookups with ONNX's defaults. */
export function attributes(node: OnnxNode): { int(name: string, fallback: number): number; float(name: string, fallback: number): number; ints(name: string): number[] | undefined; text(name: string, fallback: string): string; tensor(name: string): OnnxTensorProto | undefined } {
  const find = (name: string): OnnxAttribute | undefined => node.attribute?.find((a) => a.name === name);
  return {
    int: (name, fallback) => (find(name)?.i !== undefined && find(name)?.i !== null ? num(find(name)!.i) : fallback),
    float: (name, fallback) => find(name)?.f ?? fallback,
    ints: (name) => find(name)?.ints?.map(num),
    text: (name, fallback) => (find(name)?.s ? new TextDecoder().decode(find(name)!.s) : fallback),
    tensor: (name) => find(name)?.t,
  };
}

export const opsetOf = (model: OnnxModel): number => num(model.opset_import?.find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 13);
