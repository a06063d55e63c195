import { CONSTANTS, FUNCTIONS, TIME_NAMES } from './functions.js';
import { featureAt, FEATURE_NAMES, type ScheduleContext } from './context.js';
import { scheduleError, type ScheduleSource } from './errors.js';
import type { TokenCursor } from './cursor.js';
import type { Token } from './tokens.js';

type BinaryOperator = '+' | '-' | '*' | '/' | '^' | '%';

/** An expression as a tree: the only things it can hold are numbers, known names and known functions. */
export type ExpressionNode =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'name'; readonly name: string; readonly position: number }
  | { readonly kind: 'negate'; readonly operand: ExpressionNode }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: ExpressionNode; readonly right: ExpressionNode; readonly position: number }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly ExpressionNode[]; readonly position: number };

/** Left and right binding powers (Pratt): `^` binds tightest and to the right, as in maths. */
const INFIX: Record<BinaryOperator, readonly [number, number]> = { '+': [10, 11], '-': [10, 11], '*': [20, 21], '/': [20, 21], '%': [20, 21], '^': [41, 40] };
const PREFIX_POWER = 30;
/**
 * How deep an expression may nest (operators in a chain, parentheses, calls): compiling and
 * evaluating recurse once per level, so a deeper one is refused in one line, not by the stack.
 */
export const MAX_DEPTH = 1000;
const depths = new WeakMap<ExpressionNode, number>();
const depthOf = (node: ExpressionNode): number => depths.get(node) ?? 1;

function withDepth<N extends ExpressionNode>(cursor: TokenCursor, node: N, depth: number, at: Token): N {
  if (depth > MAX_DEPTH) throw cursor.fail(`an expression nested at most ${MAX_DEPTH} levels deep`, at);
  depths.set(node, depth);
  return node;
}

const KNOWN_NAMES: readonly string[] = [...TIME_NAMES, ...CONSTANTS.keys(), ...FEATURE_NAMES];
const KNOWN = new Set<string>(KNOWN_NAMES);
const namesHint = `one of ${KNOWN_NAMES.join(', ')} or a function (${[...FUNCTIONS.keys()].join(', ')})`;

/** expression := prefix (infix prefix)*, by precedence climbing. */
export function parseExpression(cursor: TokenCursor, minPower = 0, level = 0): ExpressionNode {
  if (level > MAX_DEPTH) throw cursor.fail(`an expression nested at most ${MAX_DEPTH} levels deep`);
  let left = parsePrefix(cursor, level);
  for (;;) {
    const token = cursor.peek();
    if (token.kind !== 'operator' || !(token.text in INFIX)) return left;
    const operator = token.text as BinaryOperator;
    const [leftPower, rightPower] = INFIX[operator];
    if (leftPower < minPower) return left;
    cursor.next();
    const right = parseExpression(cursor, rightPower, level + 1);
    left = withDepth(cursor, { kind: 'binary', operator, left, right, position: token.position }, Math.max(depthOf(left), depthOf(right)) + 1, token);
  }
}

function parsePrefix(cursor: TokenCursor, level: number): ExpressionNode {
  const token = cursor.next();
  if (token.kind === 'number') {
    if (token.seconds) throw cursor.fail('a plain number (seconds such as 2.5s belong before a key\'s ":")', token);
    return { kind: 'number', value: token.value };
  }
  if (token.kind === 'name') return parseName(cursor, token.text, token.position, level);
  if (token.kind === 'operator' && token.text === '-') {
    const operand = parseExpression(cursor, PREFIX_POWER, level + 1);
    return withDepth(cursor, { kind: 'negate', operand }, depthOf(operand) + 1, token);
  }
  if (token.kind === 'operator' && token.text === '+') return parseExpression(cursor, PREFIX_POWER, level + 1);
  if (token.kind === 'operator' && token.text === '(') {
    const inner = parseExpression(cursor, 0, level + 1);
    cursor.expect(')', '")" or an operator');
    return inner;
  }
  throw cursor.fail('a number, a name or "("', token);
}

/** A variable, a constant or a function call; any other name is refused where it stands. */
function parseName(cursor: TokenCursor, name: string, position: number, level: number): ExpressionNode {
  const fn = FUNCTIONS.get(name);
  const called = cursor.peek().kind === 'operator' && cursor.peek().text === '(';
  if (!fn && !KNOWN.has(name)) throw scheduleError(cursor.source, position, namesHint, name);
  if (!fn) {
    if (called) throw scheduleError(cursor.source, position, `a function (${[...FUNCTIONS.keys()].join(', ')})`, name);
    return { kind: 'name', name, position };
  }
  if (!called) throw cursor.fail(`"(" after ${name}, as in ${fn.usage}`);
  cursor.next();
  const args: ExpressionNode[] = [];
  if (!cursor.accept(')')) {
    do args.push(parseExpression(cursor, 0, level + 1));
    while (cursor.accept(','));
    cursor.expect(')', '"," or ")"');
  }
  const [low, high] = fn.arity;
  if (args.length < low || args.length > high)
    throw scheduleError(cursor.source, position, fn.usage, `${name} with ${args.length} argument${args.length === 1 ? '' : 's'}`);
  return withDepth(cursor, { kind: 'call', name, args, position }, Math.max(0, ...args.map(depthOf)) + 1, cursor.peek());
}

/** Every name the expression reads, with where it stands (music features are checked against the context). */
export function namesIn(node: ExpressionNode): { name: string; position: number }[] {
  switch (node.kind) {
    case 'number':
      return [];
    case 'name':
      return [{ name: node.name, position: node.position }];
    case 'negate':
      return namesIn(node.operand);
    case 'binary':
      return [...namesIn(node.left), ...namesIn(node.right)];
    case 'call':
      return node.args.flatMap(namesIn);
  }
}

/** Whether the value changes from frame to frame: it reads the time or the music. */
export const isLive = (node: ExpressionNode): boolean => namesIn(node).some(({ name }) => name !== 'pi' && name !== 'fps' && name !== 'frames');

/** An expression compiled to plain closures (never eval or Function): a value at frame t. */
export type Evaluate = (t: number, context: ScheduleContext) => number;

export function compile(node: ExpressionNode, source: ScheduleSource): Evaluate {
  switch (node.kind) {
    case 'number': {
      const value = node.value;
      return () => value;
    }
    case 'name':
      return compileName(node.name);
    case 'negate': {
      const operand = compile(node.operand, source);
      return (t, c) => -operand(t, c);
    }
    case 'binary':
      return compileBinary(node, source);
    case 'call':
      return compileCall(node, source);
  }
}

function compileName(name: string): Evaluate {
  const constant = CONSTANTS.get(name);
  if (constant !== undefined) return () => constant;
  if (name === 't') return (t) => t;
  if (name === 's') return (t, c) => t / c.fps;
  if (name === 'fps') return (_, c) => c.fps;
  if (name === 'frames') return (_, c) => c.frames;
  const feature = name as keyof NonNullable<ScheduleContext['features']>;
  // The context was checked to hold every feature a schedule reads before any frame is evaluated.
  return (t, c) => featureAt(c.features![feature]!, t);
}

function compileBinary(node: Extract<ExpressionNode, { kind: 'binary' }>, source: ScheduleSource): Evaluate {
  const left = compile(node.left, source);
  const right = compile(node.right, source);
  const divisor = (value: number, t: number): number => {
    if (value === 0) throw scheduleError(source, node.position, `a divisor other than 0 after "${node.operator}"`, '0', ` at frame ${t}`);
    return value;
  };
  switch (node.operator) {
    case '+':
      return (t, c) => left(t, c) + right(t, c);
    case '-':
      return (t, c) => left(t, c) - right(t, c);
    case '*':
      return (t, c) => left(t, c) * right(t, c);
    case '/':
      return (t, c) => left(t, c) / divisor(right(t, c), t);
    case '%':
      return (t, c) => left(t, c) % divisor(right(t, c), t);
    case '^':
      return finite((t, c) => Math.pow(left(t, c), right(t, c)), source, node.position, '^');
  }
}

function compileCall(node: Extract<ExpressionNode, { kind: 'call' }>, source: ScheduleSource): Evaluate {
  const { apply, unary } = FUNCTIONS.get(node.name)!;
  const args = node.args.map((arg) => compile(arg, source));
  const [a, b] = args;
  const call: Evaluate = unary
    ? (t, c) => unary(a!(t, c))
    : args.length === 2
      ? (t, c) => apply([a!(t, c), b!(t, c)])
      : (t, c) => apply(args.map((arg) => arg(t, c)));
  return finite(call, source, node.position, node.name);
}

/** sqrt(-1), log(0), exp(1000): refused where the function stands, not later as a black frame. */
function finite(evaluate: Evaluate, source: ScheduleSource, position: number, what: string): Evaluate {
  return (t, c) => {
    const value = evaluate(t, c);
    if (!Number.isFinite(value)) throw scheduleError(source, position, `a finite number from ${what}`, String(value), ` at frame ${t}`);
    return value;
  };
}
