import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type protobuf from 'protobufjs';
import { onnxModelProto } from '../../onnx/onnx-schema.js';

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

/** The ModelProto type (one schema for writing and reading; tests also write external-data models with it). */
export function onnxReadModelType(): protobuf.Type {
  return onnxModelProto();
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
  if (!location || !existsSync(join(dir, location)))
    throw new Error(`tensor ${t.name} is stored in ${location ?? '(no location)'}, which is not beside the model`);
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
  const values: number[] = t.float_data?.length
    ? t.float_data
    : t.int64_data?.length
      ? t.int64_data.map(num)
      : t.int32_data?.length
        ? t.int32_data
        : (t.double_data ?? []);
  return { dims, data: Float32Array.from(values) };
}

/** Attribute lookups with ONNX's defaults. */
export function attributes(node: OnnxNode): {
  int(name: string, fallback: number): number;
  float(name: string, fallback: number): number;
  ints(name: string): number[] | undefined;
  text(name: string, fallback: string): string;
  tensor(name: string): OnnxTensorProto | undefined;
} {
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
