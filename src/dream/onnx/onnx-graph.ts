import { ATTR, ONNX_FLOAT, ONNX_INT64, onnxModelProto } from './onnx-schema.js';

/** A float attribute; plain numbers and arrays are ints, strings are strings. */
export class FloatAttr {
  constructor(readonly value: number | readonly number[]) {}
}
export const float = (value: number | readonly number[]): FloatAttr => new FloatAttr(value);
export type AttrValue = number | readonly number[] | string | FloatAttr;

interface Tensor {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

const OPSET = 17;

/** Accumulates an ONNX graph node by node, then encodes the ModelProto. */
export class OnnxGraph {
  private readonly nodes: object[] = [];
  private readonly initializers: Tensor[] = [];
  private readonly inputs: object[] = [];
  private readonly outputs: object[] = [];
  private readonly intConstants = new Map<string, string>();
  private readonly producers = new Map<string, string>();
  private counter = 0;
  /** Prefix for node names, so profiles say which layer and pass a node belongs to. */
  scope = '';

  fresh(prefix: string): string {
    return `${prefix}__${this.counter++}`;
  }

  /** Adds a node; returns its output names (fresh unless given). */
  node(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, outputs: number | readonly string[] = 1): string[] {
    const outNames = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(`${this.scope}${opType}`)) : [...outputs];
    const attribute = Object.entries(attrs).map(([name, v]) => encodeAttr(name, v));
    this.nodes.push({ op_type: opType, input: inputs, output: outNames, attribute, name: this.fresh(`${this.scope}${opType}`) });
    for (const name of outNames) this.producers.set(name, opType);
    return outNames;
  }

  /** One-output convenience. */
  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, output?: string): string {
    return this.node(opType, inputs, attrs, output ? [output] : 1)[0]!;
  }

  /** The op type that makes a tensor, undefined for inputs and initializers. */
  producerOf(name: string): string | undefined {
    return this.producers.get(name);
  }

  floats(dims: readonly number[], data: Float32Array, name = this.fresh('w')): string {
    this.initializers.push({ name, dims: [...dims], data_type: ONNX_FLOAT, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
    return name;
  }

  /** An int64 constant (shapes, axes, pads), shared between uses. */
  ints(values: readonly number[]): string {
    const key = values.join(',');
    let name = this.intConstants.get(key);
    if (!name) {
      name = this.fresh('i64');
      const data = BigInt64Array.from(values.map((v) => BigInt(v)));
      this.initializers.push({ name, dims: [values.length], data_type: ONNX_INT64, raw_data: new Uint8Array(data.buffer) });
      this.intConstants.set(key, name);
    }
    return name;
  }

  scalar(value: number): string {
    return this.floats([], Float32Array.of(value));
  }

  input(name: string, dims: readonly number[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  output(name: string, dims: readonly number[]): void {
    this.outputs.push(valueInfo(name, dims));
  }

  encode(): Uint8Array {
    const Model = onnxModelProto();
    const model = Model.fromObject({
      ir_version: 8,
      producer_name: 'dreamreel',
      opset_import: [{ domain: '', version: OPSET }],
      graph: { name: 'dreamreel', node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return Model.encode(model).finish();
  }
}

function valueInfo(name: string, dims: readonly number[]): object {
  return { name, type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: dims.map((d) => ({ dim_value: d })) } } } };
}

function encodeAttr(name: string, v: AttrValue): object {
  if (v instanceof FloatAttr) {
    return typeof v.value === 'number' ? { name, type: ATTR.FLOAT, f: v.value } : { name, type: ATTR.FLOATS, floats: v.value };
  }
  if (typeof v === 'string') return { name, type: ATTR.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') return { name, type: ATTR.INT, i: v };
  return { name, type: ATTR.INTS, ints: v };
}
