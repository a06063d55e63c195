/** The functions an expression may call, by name: pure maths on numbers, nothing else is reachable. */
interface MathFunction {
  readonly arity: readonly [min: number, max: number];
  readonly apply: (args: readonly number[]) => number;
  /** The one-argument form, called without an array: a long expression is evaluated for every frame. */
  readonly unary?: (x: number) => number;
  readonly usage: string;
}

const unary = (name: string, f: (x: number) => number): MathFunction => ({ arity: [1, 1], apply: (a) => f(a[0]!), unary: f, usage: `${name}(x)` });

export const FUNCTIONS: ReadonlyMap<string, MathFunction> = new Map<string, MathFunction>([
  ['sin', unary('sin', Math.sin)],
  ['cos', unary('cos', Math.cos)],
  ['tan', unary('tan', Math.tan)],
  ['abs', unary('abs', Math.abs)],
  ['floor', unary('floor', Math.floor)],
  ['ceil', unary('ceil', Math.ceil)],
  ['round', unary('round', Math.round)],
  ['sqrt', unary('sqrt', Math.sqrt)],
  ['exp', unary('exp', Math.exp)],
  ['log', unary('log', Math.log)],
  ['min', { arity: [2, 16], apply: (a) => Math.min(...a), usage: 'min(a, b, ...)' }],
  ['max', { arity: [2, 16], apply: (a) => Math.max(...a), usage: 'max(a, b, ...)' }],
  ['pow', { arity: [2, 2], apply: (a) => Math.pow(a[0]!, a[1]!), usage: 'pow(x, y)' }],
  ['clamp', { arity: [3, 3], apply: (a) => Math.min(a[2]!, Math.max(a[1]!, a[0]!)), usage: 'clamp(x, low, high)' }],
]);

export const CONSTANTS: ReadonlyMap<string, number> = new Map([['pi', Math.PI]]);

/** Names every schedule knows; music features come on top when a song is given. */
export const TIME_NAMES = ['t', 's', 'fps', 'frames'] as const;
