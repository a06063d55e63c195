import type { ScheduleContext } from './context.js';
import { scheduleError, type ScheduleSource } from './errors.js';
import { EASINGS, type EasingName } from './easing.js';
import type { Evaluate } from './expression.js';
import type { EvaluateMany } from './expression-vector.js';

/** A name an expression reads and where it stands, so a missing music feature is pointed at. */
export interface NameUse {
  readonly name: string;
  readonly position: number;
}

/**
 * A number that may change from frame to frame: a constant, an expression of the time and the
 * music, or keyframes tweened between. Small values that compose (like lucid's objectives):
 * the pipeline only ever asks `at(frame, context)`.
 */
export interface Schedule {
  readonly kind: 'constant' | 'expression' | 'keyframes';
  /** The option and the text as given: identity, farm payloads and messages use it. */
  readonly source: ScheduleSource;
  /** Whether it can change between frames. */
  readonly live: boolean;
  readonly names: readonly NameUse[];
  at(frame: number, context: ScheduleContext): number;
  /** Refuses what only a render's context reveals (keys in frames and seconds out of order). */
  check(context: ScheduleContext): void;
  /** Values at frames 0..count-1 at once, where that is faster than `at` frame by frame. */
  readonly many?: (count: number, context: ScheduleContext) => Float64Array;
}

const nothingToCheck = (): void => undefined;

export function constantSchedule(value: number, source: ScheduleSource): Schedule {
  return { kind: 'constant', source, live: false, names: [], at: () => value, check: nothingToCheck };
}

export function expressionSchedule(evaluate: Evaluate, evaluateMany: EvaluateMany, live: boolean, names: readonly NameUse[], source: ScheduleSource): Schedule {
  const many = (count: number, context: ScheduleContext): Float64Array => {
    const values = evaluateMany(
      Float64Array.from({ length: count }, (_, i) => i),
      context,
    );
    return typeof values === 'number' ? new Float64Array(count).fill(values) : values;
  };
  return { kind: 'expression', source, live, names, at: evaluate, check: nothingToCheck, many };
}

/** One `FRAME:(EXPRESSION)` pair; `at` frames, or seconds (`2.5s:`) turned into frames by the context's fps. */
export interface Keyframe {
  readonly at: number;
  readonly seconds: boolean;
  /** Where the key's number stands, for "keys out of order". */
  readonly position: number;
  readonly value: Evaluate;
  /** A key reading t, s or the music is evaluated at every frame up to the next key (as Deforum does). */
  readonly live: boolean;
  readonly easing: EasingName;
}

export const keyFrame = (key: Keyframe, context: ScheduleContext): number => (key.seconds ? key.at * context.fps : key.at);

/**
 * Deforum's tweening: before the first key its value is held; between two keys a constant key
 * tweens (linearly, or by its easing) to the next key's value, and a live key is evaluated
 * frame by frame; after the last key its value is held (or, if live, evaluated on).
 */
export function keyframeSchedule(keys: readonly Keyframe[], names: readonly NameUse[], source: ScheduleSource): Schedule {
  const live = keys.some((k) => k.live) || keys.length > 1;
  return {
    kind: 'keyframes',
    source,
    live,
    names,
    check(context) {
      for (let i = 1; i < keys.length; i++) {
        const [a, b] = [keyFrame(keys[i - 1]!, context), keyFrame(keys[i]!, context)];
        if (b <= a)
          throw scheduleError(
            source,
            keys[i]!.position,
            `a key after frame ${a} (keys go in increasing order; ${context.fps} fps)`,
            `${keys[i]!.at}${keys[i]!.seconds ? 's' : ''}`,
          );
      }
    },
    at(frame, context) {
      const first = keys[0]!;
      const firstAt = keyFrame(first, context);
      if (frame <= firstAt) return first.value(firstAt, context);
      let i = 0;
      while (i + 1 < keys.length && keyFrame(keys[i + 1]!, context) <= frame) i++;
      const key = keys[i]!;
      const next = keys[i + 1];
      if (key.live || !next) return key.value(key.live ? frame : keyFrame(key, context), context);
      const [from, to] = [keyFrame(key, context), keyFrame(next, context)];
      const start = key.value(from, context);
      const u = EASINGS[key.easing]((frame - from) / (to - from));
      return start + (next.value(to, context) - start) * u;
    },
  };
}
