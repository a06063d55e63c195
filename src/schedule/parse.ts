import { DreamreelError } from '../errors.js';
import { TokenCursor } from './cursor.js';
import { EASING_NAMES, isEasing, type EasingName } from './easing.js';
import { scheduleError, type ScheduleSource } from './errors.js';
import { compile, isLive, namesIn, parseExpression } from './expression.js';
import { compileMany } from './expression-vector.js';
import { constantSchedule, expressionSchedule, keyframeSchedule, type Keyframe, type NameUse, type Schedule } from './schedule.js';
import { tokenize } from './tokens.js';

/** Longer is not a schedule anyone types: refused before it is read (a 10 MB string costs nothing). */
export const MAX_SCHEDULE_LENGTH = 10_000;

/**
 * A schedule from an option's value: a number (`1.03`), an expression (`1 + 0.02*sin(2*pi*s)`)
 * or Deforum keyframes (`0:(1.0), 48:(1.05)~ease-out, 4s:(1)`). Syntax and names are checked
 * here; music features and ranges when it is sampled against a render (`sampleSchedule`).
 */
export function parseSchedule(raw: string | number, option: string): Schedule {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new DreamreelError(`Expected a finite number for ${option} but received ${raw}`);
    return constantSchedule(raw, { option, text: String(raw) });
  }
  if (typeof raw !== 'string') throw new DreamreelError(`Expected a number or a schedule string for ${option} but received ${typeof raw}`);
  if (raw.length > MAX_SCHEDULE_LENGTH)
    throw new DreamreelError(`Expected a schedule of at most ${MAX_SCHEDULE_LENGTH} characters for ${option} but received ${raw.length} characters`);
  const source: ScheduleSource = { option, text: raw };
  const cursor = new TokenCursor(source, tokenize(source));
  if (cursor.peek().kind === 'end') throw cursor.fail('a number, an expression or keys such as 0:(1), 48:(2)');
  const isKeyframes = cursor.peek().kind === 'number' && cursor.peek(1).kind === 'operator' && cursor.peek(1).text === ':';
  return isKeyframes ? parseKeyframes(cursor) : parseWholeExpression(cursor);
}

function parseWholeExpression(cursor: TokenCursor): Schedule {
  const node = parseExpression(cursor);
  if (cursor.peek().kind !== 'end') throw cursor.fail('an operator or the end');
  const evaluate = compile(node, cursor.source);
  const live = isLive(node);
  // Nothing changes over time: evaluated once, here, so a bad constant fails at once.
  if (!live && namesIn(node).every(({ name }) => name === 'pi')) return constantSchedule(evaluate(0, { fps: 1, frames: 1 }), cursor.source);
  return expressionSchedule(evaluate, compileMany(node, cursor.source), live, namesIn(node), cursor.source);
}

/** keys := key ("," key)* ","?   key := NUMBER ["s"] ":" expression ["~" easing] */
function parseKeyframes(cursor: TokenCursor): Schedule {
  const keys: Keyframe[] = [];
  const names: NameUse[] = [];
  do {
    if (cursor.peek().kind === 'end' && keys.length > 0) break;
    const key = parseKey(cursor, keys.at(-1));
    keys.push(key.keyframe);
    names.push(...key.names);
  } while (cursor.accept(','));
  if (cursor.peek().kind !== 'end') throw cursor.fail('"," between keys, or the end');
  return keyframeSchedule(keys, names, cursor.source);
}

function parseKey(cursor: TokenCursor, previous: Keyframe | undefined): { keyframe: Keyframe; names: NameUse[] } {
  const token = cursor.next();
  if (token.kind !== 'number') throw cursor.fail('a key such as 48:(1.05) or 2.5s:(1.05)', token);
  if (!token.seconds && !Number.isInteger(token.value)) throw cursor.fail('a whole frame number (or seconds, such as 2.5s)', token);
  // Same units can be ordered now; frames against seconds once the fps is known (sampleSchedule).
  if (previous && previous.seconds === token.seconds && token.value <= previous.at)
    throw cursor.fail(`a key after ${previous.at}${previous.seconds ? 's' : ''} (keys go in increasing order)`, token);
  cursor.expect(':', '":" after the key');
  const node = parseExpression(cursor);
  const keyframe: Keyframe = {
    at: token.value,
    seconds: token.seconds,
    position: token.position,
    value: compile(node, cursor.source),
    live: isLive(node),
    easing: parseEasing(cursor),
  };
  return { keyframe, names: namesIn(node) };
}

function parseEasing(cursor: TokenCursor): EasingName {
  const token = cursor.peek();
  if (token.kind !== 'easing') return 'linear';
  cursor.next();
  if (!isEasing(token.text)) throw scheduleError(cursor.source, token.position, `an easing (${EASING_NAMES.join(', ')})`, token.text);
  return token.text;
}
