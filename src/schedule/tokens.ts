import { scheduleError, type ScheduleSource } from './errors.js';

export type Operator = '+' | '-' | '*' | '/' | '^' | '%' | '(' | ')' | ',' | ':';

/** One piece of a schedule's text; `position` is its first character (from 0). */
export type Token =
  | { readonly kind: 'number'; readonly value: number; readonly seconds: boolean; readonly position: number; readonly text: string }
  | { readonly kind: 'name'; readonly text: string; readonly position: number }
  | { readonly kind: 'operator'; readonly text: Operator; readonly position: number }
  | { readonly kind: 'easing'; readonly text: string; readonly position: number }
  /** A character no schedule holds (`.`, `"`, `[`): refused by the parser where it reaches it, after any earlier mistake. */
  | { readonly kind: 'invalid'; readonly text: string; readonly position: number }
  | { readonly kind: 'end'; readonly text: ''; readonly position: number };

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const EASING = /[a-z]+(?:-[a-z]+)*/y;
const SPACE = /\s*/y;
const OPERATORS = new Set<string>(['+', '-', '*', '/', '^', '%', '(', ')', ',', ':']);

function match(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** A number, and whether it is followed by `s` (seconds, for keys such as `2.5s:(1)`). */
function numberToken(source: ScheduleSource, at: number, digits: string): Token {
  const after = source.text[at + digits.length];
  const seconds = after === 's' && !/[A-Za-z0-9_]/.test(source.text[at + digits.length + 1] ?? '');
  return { kind: 'number', value: Number(digits), seconds, position: at, text: seconds ? `${digits}s` : digits };
}

/** `~ease-in-out` after a key: the easing of the segment that leaves it. */
function easingToken(source: ScheduleSource, at: number): Token {
  const start = at + 1 + (match(SPACE, source.text, at + 1)?.length ?? 0);
  const word = match(EASING, source.text, start);
  if (!word) throw scheduleError(source, start, 'an easing such as ease-in-out after "~"', source.text.slice(start, start + 1));
  return { kind: 'easing', text: word, position: start };
}

/** Splits a schedule into tokens: numbers, names, operators and easings; anything else becomes an invalid token. */
export function tokenize(source: ScheduleSource): Token[] {
  const { text } = source;
  const tokens: Token[] = [];
  let at = match(SPACE, text, 0)?.length ?? 0;
  while (at < text.length) {
    const digits = match(NUMBER, text, at);
    const name = digits ? undefined : match(NAME, text, at);
    let token: Token;
    if (digits) token = numberToken(source, at, digits);
    else if (name) token = { kind: 'name', text: name, position: at };
    else if (text.startsWith('**', at)) token = { kind: 'operator', text: '^', position: at };
    else if (OPERATORS.has(text[at]!)) token = { kind: 'operator', text: text[at] as Operator, position: at };
    else if (text[at] === '~') token = easingToken(source, at);
    else token = { kind: 'invalid', text: text[at]!, position: at };
    tokens.push(token);
    at = token.kind === 'easing' ? token.position + token.text.length : at + (text.startsWith('**', at) ? 2 : token.text.length);
    at += match(SPACE, text, at)?.length ?? 0;
  }
  tokens.push({ kind: 'end', text: '', position: text.length });
  return tokens;
}
