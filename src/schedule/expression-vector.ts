import { CONSTANTS, FUNCTIONS } from './functions.js';
import { featureAt, type ScheduleContext } from './context.js';
import { scheduleError, type ScheduleSource } from './errors.js';
import type { ExpressionNode } from './expression.js';

/** A node's values: one number when it is the same at every frame, else one per frame. */
type Column = number | Float64Array;

/**
 * An expression evaluated for many frames at once: each node fills one array in a tight loop
 * (numbers stay numbers), so a long expression over a 3-minute render costs a few milliseconds
 * where per-frame closures call each other once per node and frame. Same refusals, at the first bad frame.
 */
export type EvaluateMany = (frames: Float64Array, context: ScheduleContext) => Column;

export function compileMany(node: ExpressionNode, source: ScheduleSource): EvaluateMany {
  switch (node.kind) {
    case 'number':
      return () => node.value;
    case 'name':
      return nameMany(node.name);
    case 'negate': {
      const operand = compileMany(node.operand, source);
      return (frames, c) => {
        const v = operand(frames, c);
        return typeof v === 'number' ? -v : v.map((x) => -x);
      };
    }
    case 'binary':
      return binaryMany(node, source);
    case 'call':
      return callMany(node, source);
  }
}

function nameMany(name: string): EvaluateMany {
  const constant = CONSTANTS.get(name);
  if (constant !== undefined) return () => constant;
  if (name === 't') return (frames) => frames.slice();
  if (name === 's') return (frames, c) => frames.map((t) => t / c.fps);
  if (name === 'fps') return (_, c) => c.fps;
  if (name === 'frames') return (_, c) => c.frames;
  const feature = name as keyof NonNullable<ScheduleContext['features']>;
  return (frames, c) => frames.map((t) => featureAt(c.features![feature]!, t));
}

type Binary = Extract<ExpressionNode, { kind: 'binary' }>;

const OPERATIONS: Record<Binary['operator'], (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
  '%': (x, y) => x % y,
  '^': Math.pow,
};

function binaryMany(node: Binary, source: ScheduleSource): EvaluateMany {
  const left = compileMany(node.left, source);
  const right = compileMany(node.right, source);
  const op = node.operator;
  const operation = OPERATIONS[op];
  const divides = op === '/' || op === '%';
  /** Division by zero and overflowing powers, pointed at with the first frame they happen at. */
  const check = (x: number, y: number, v: number, frame: number): void => {
    if (divides && y === 0) throw scheduleError(source, node.position, `a divisor other than 0 after "${op}"`, '0', ` at frame ${frame}`);
    if (op === '^' && !Number.isFinite(v)) throw scheduleError(source, node.position, 'a finite number from ^', String(v), ` at frame ${frame}`);
  };
  const checks = divides || op === '^';
  return (frames, c) => {
    const a = left(frames, c);
    const b = right(frames, c);
    if (typeof a === 'number' && typeof b === 'number') {
      const v = operation(a, b);
      if (checks) check(a, b, v, frames[0] ?? 0);
      return v;
    }
    const out = typeof a === 'number' ? (b as Float64Array) : a;
    for (let i = 0; i < out.length; i++) {
      const [x, y] = [typeof a === 'number' ? a : a[i]!, typeof b === 'number' ? b : b[i]!];
      out[i] = operation(x, y);
      if (checks) check(x, y, out[i]!, frames[i]!);
    }
    return out;
  };
}

function callMany(node: Extract<ExpressionNode, { kind: 'call' }>, source: ScheduleSource): EvaluateMany {
  const { apply, unary } = FUNCTIONS.get(node.name)!;
  const args = node.args.map((arg) => compileMany(arg, source));
  const checked = (v: number, frame: number): number => {
    if (!Number.isFinite(v)) throw scheduleError(source, node.position, `a finite number from ${node.name}`, String(v), ` at frame ${frame}`);
    return v;
  };
  return (frames, c) => {
    const columns = args.map((arg) => arg(frames, c));
    if (columns.every((column) => typeof column === 'number')) return checked(unary ? unary(columns[0] as number) : apply(columns), frames[0] ?? 0);
    const out = new Float64Array(frames.length);
    const first = columns[0]!;
    if (unary && typeof first !== 'number') {
      for (let i = 0; i < out.length; i++) out[i] = unary(first[i]!);
    } else {
      const at = (column: Column, i: number): number => (typeof column === 'number' ? column : column[i]!);
      for (let i = 0; i < out.length; i++) out[i] = apply(columns.map((column) => at(column, i)));
    }
    for (let i = 0; i < out.length; i++) checked(out[i]!, frames[i]!);
    return out;
  };
}
