import { scheduleError, type ScheduleSource } from './errors.js';
import type { Token } from './tokens.js';

/** Reads tokens one at a time; every refusal points at the token it stopped on. */
export class TokenCursor {
  private index = 0;

  constructor(
    readonly source: ScheduleSource,
    private readonly tokens: readonly Token[],
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  /** True (and consumed) when the next token is the operator `text`. */
  accept(text: string): boolean {
    const token = this.peek();
    if (token.kind !== 'operator' || token.text !== text) return false;
    this.next();
    return true;
  }

  expect(text: string, expected = `"${text}"`): void {
    if (!this.accept(text)) throw this.fail(expected);
  }

  /** The error for the next token: "Expected <expected> ... but received <token>". */
  fail(expected: string, token: Token = this.peek(), after = ''): Error {
    return scheduleError(this.source, token.position, expected, token.kind === 'end' ? 'the end' : token.text, after);
  }
}
