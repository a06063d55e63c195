import { describe, expect, it } from 'vitest';
import { DreamreelError } from '../../src/errors.js';
import { MAX_SCHEDULE_LENGTH, parseSchedule } from '../../src/schedule/parse.js';
import { constantSchedule, keyframeSchedule, keyFrame, type Keyframe } from '../../src/schedule/schedule.js';
import { tokenize } from '../../src/schedule/tokens.js';

const tokens = (text: string) => tokenize({ option: '--t', text }).map((t) => ({ ...t }));
const brief = (text: string): string[] => tokenize({ option: '--t', text }).map((t) => `${t.kind}:${t.text}@${t.position}`);
const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DreamreelError);
    return (e as Error).message;
  }
  return 'no error';
};
const CONTEXT = { fps: 24, frames: 48 };

describe('the tokenizer', () => {
  it('splits numbers, names, operators and easings with their positions, skipping spaces', () => {
    expect(brief('  1.5e2 +t_2*(x)  ')).toEqual([
      'number:1.5e2@2',
      'operator:+@8',
      'name:t_2@9',
      'operator:*@12',
      'operator:(@13',
      'name:x@14',
      'operator:)@15',
      'end:@18',
    ]);
    expect(brief('')).toEqual(['end:@0']);
    expect(brief('.25')).toEqual(['number:.25@0', 'end:@3']);
    expect(brief('.5 3. 2E-1')).toEqual(['number:.5@0', 'number:3.@3', 'number:2E-1@6', 'end:@10']);
    expect(brief('2**3^4%5/6-7,8:9')).toEqual([
      'number:2@0',
      'operator:^@1',
      'number:3@3',
      'operator:^@4',
      'number:4@5',
      'operator:%@6',
      'number:5@7',
      'operator:/@8',
      'number:6@9',
      'operator:-@10',
      'number:7@11',
      'operator:,@12',
      'number:8@13',
      'operator::@14',
      'number:9@15',
      'end:@16',
    ]);
    expect(brief('1 . "a" [')).toEqual(['number:1@0', 'invalid:.@2', 'invalid:"@4', 'name:a@5', 'invalid:"@6', 'invalid:[@8', 'end:@9']);
  });

  it('reads seconds only where an "s" ends the number', () => {
    expect(tokens('2.5s:(1)')[0]).toEqual({ kind: 'number', value: 2.5, seconds: true, position: 0, text: '2.5s' });
    expect(brief('2.5s:(1)')).toEqual(['number:2.5s@0', 'operator::@4', 'operator:(@5', 'number:1@6', 'operator:)@7', 'end:@8']);
    expect(tokens('2s')[0]).toMatchObject({ seconds: true, value: 2, text: '2s' });
    expect(tokens('2 s')[0]).toMatchObject({ seconds: false, text: '2' });
    expect(brief('2sin(t)').slice(0, 2)).toEqual(['number:2@0', 'name:sin@1']);
    expect(brief('2s2').slice(0, 2)).toEqual(['number:2@0', 'name:s2@1']);
    expect(brief('2s_').slice(0, 2)).toEqual(['number:2@0', 'name:s_@1']);
    expect(brief('2sA').slice(0, 2)).toEqual(['number:2@0', 'name:sA@1']);
  });

  it('reads an easing after "~", spaces allowed, and refuses a "~" with none', () => {
    expect(brief('0:(1)~ ease-in-out , 4:(2)')).toEqual([
      'number:0@0',
      'operator::@1',
      'operator:(@2',
      'number:1@3',
      'operator:)@4',
      'easing:ease-in-out@7',
      'operator:,@19',
      'number:4@21',
      'operator::@22',
      'operator:(@23',
      'number:2@24',
      'operator:)@25',
      'end:@26',
    ]);
    expect(brief('~hold')).toEqual(['easing:hold@1', 'end:@5']);
    expect(failure(() => tokens('0:(1)~'))).toBe('Expected an easing such as ease-in-out after "~" for --t at position 7 of "0:(1)~" but received ""');
    expect(failure(() => tokens('0:(1)~ 9'))).toBe('Expected an easing such as ease-in-out after "~" for --t at position 8 of "0:(1)~ 9" but received "9"');
    expect(failure(() => tokens('0:(1)~Ease'))).toBe('Expected an easing such as ease-in-out after "~" for --t at position 7 of "0:(1)~Ease" but received "E"');
  });
});

describe('parsing a schedule', () => {
  it('takes finite numbers as constants and refuses the rest', () => {
    const c = parseSchedule(1.03, '--zoom');
    expect({ kind: c.kind, live: c.live, names: c.names, source: c.source, at: c.at(7, CONTEXT) }).toEqual({
      kind: 'constant',
      live: false,
      names: [],
      source: { option: '--zoom', text: '1.03' },
      at: 1.03,
    });
    expect(failure(() => parseSchedule(Infinity, '--zoom'))).toBe('Expected a finite number for --zoom but received Infinity');
    expect(failure(() => parseSchedule(NaN, '--zoom'))).toBe('Expected a finite number for --zoom but received NaN');
    expect(failure(() => parseSchedule(null as unknown as string, '--zoom'))).toBe('Expected a number or a schedule string for --zoom but received object');
  });

  it('takes a schedule of exactly the longest length and refuses one character more', () => {
    const longest = `1${'+1'.repeat(100)}`.padEnd(MAX_SCHEDULE_LENGTH, ' ');
    expect(longest.length).toBe(10_000);
    expect(parseSchedule(longest, '--t').at(0, CONTEXT)).toBe(101);
    expect(failure(() => parseSchedule(`${longest} `, '--t'))).toBe('Expected a schedule of at most 10000 characters for --t but received 10001 characters');
  });

  it('tells constants, expressions and keyframes apart', () => {
    const kinds = (text: string) => {
      const s = parseSchedule(text, '--t');
      return [s.kind, s.live];
    };
    expect(kinds('2*pi')).toEqual(['constant', false]);
    expect(kinds('t')).toEqual(['expression', true]);
    expect(kinds('fps * 2')).toEqual(['expression', false]);
    expect(kinds('0:(1)')).toEqual(['keyframes', false]);
    expect(kinds('0:(t)')).toEqual(['keyframes', true]);
    expect(kinds('0:(1), 4:(1)')).toEqual(['keyframes', true]);
    expect(kinds('(0)')).toEqual(['constant', false]);
    expect(parseSchedule('2*pi', '--t').at(0, CONTEXT)).toBeCloseTo(2 * Math.PI, 12);
    expect(parseSchedule('fps * 2', '--t').at(0, CONTEXT)).toBe(48);
    expect(parseSchedule('fps * 2', '--t').names).toEqual([{ name: 'fps', position: 0 }]);
    expect(parseSchedule('0:(rms), 4:(t)', '--t').names).toEqual([
      { name: 'rms', position: 3 },
      { name: 't', position: 12 },
    ]);
  });

  it('reads keys in order, with one trailing comma, and refuses what is not a key', () => {
    expect(parseSchedule('0:(1),', '--t').at(3, CONTEXT)).toBe(1);
    expect(failure(() => parseSchedule('0:(1),,', '--t'))).toBe(
      'Expected a key such as 48:(1.05) or 2.5s:(1.05) for --t at position 7 of "0:(1),," but received ","',
    );
    expect(failure(() => parseSchedule('0:(1) 4:(2)', '--t'))).toBe(
      'Expected "," between keys, or the end for --t at position 7 of "0:(1) 4:(2)" but received "4"',
    );
    expect(failure(() => parseSchedule('0:(1), 4(2)', '--t'))).toBe('Expected ":" after the key for --t at position 9 of "0:(1), 4(2)" but received "("');
    expect(failure(() => parseSchedule('1s:(1), 1s:(2)', '--t'))).toBe(
      'Expected a key after 1s (keys go in increasing order) for --t at position 9 of "1s:(1), 1s:(2)" but received "1s"',
    );
    expect(failure(() => parseSchedule('3:(1), 3:(2)', '--t'))).toBe(
      'Expected a key after 3 (keys go in increasing order) for --t at position 8 of "3:(1), 3:(2)" but received "3"',
    );
    expect(parseSchedule('0.5s:(1), 24:(2)', '--t').kind).toBe('keyframes');
    // Frames against seconds wait for the fps (sampleSchedule checks them).
    expect(parseSchedule('48:(1), 1s:(2)', '--t').kind).toBe('keyframes');
    expect(parseSchedule('3s:(1), 48:(2)', '--t').kind).toBe('keyframes');
    // Keys start with a number: a name before ":" is an expression that stops there.
    expect(failure(() => parseSchedule('t:2', '--t'))).toBe('Expected an operator or the end for --t at position 2 of "t:2" but received ":"');
    expect(failure(() => parseSchedule('0:(1)~ease, 4:(2)', '--t'))).toBe(
      'Expected an easing (linear, ease-in, ease-out, ease-in-out, hold) for --t at position 7 of "0:(1)~ease, 4:(2)" but received "ease"',
    );
    expect(failure(() => parseSchedule('  ', '--t'))).toBe(
      'Expected a number, an expression or keys such as 0:(1), 48:(2) for --t at position 3 of "  " but received "the end"',
    );
    expect(failure(() => parseSchedule('0 + 1 :', '--t'))).toBe('Expected an operator or the end for --t at position 7 of "0 + 1 :" but received ":"');
  });
});

describe('keyframe schedules', () => {
  const key = (at: number, value: number | ((t: number) => number), extra: Partial<Keyframe> = {}): Keyframe => ({
    at,
    seconds: false,
    position: 0,
    value: typeof value === 'number' ? () => value : (t) => value(t),
    live: typeof value !== 'number',
    easing: 'linear',
    ...extra,
  });
  const source = { option: '--t', text: 'k' };

  it('turns seconds into frames by the fps', () => {
    expect(keyFrame(key(2, 0, { seconds: true }), CONTEXT)).toBe(48);
    expect(keyFrame(key(2, 0), CONTEXT)).toBe(2);
  });

  it('holds before the first key, tweens between, evaluates a live key per frame, holds after the last', () => {
    const s = keyframeSchedule([key(2, 10), key(6, 30, { easing: 'ease-in' }), key(10, 40), key(12, (t) => t * 100)], [], source);
    const v = Array.from({ length: 15 }, (_, f) => s.at(f, CONTEXT));
    expect(v.slice(0, 3)).toEqual([10, 10, 10]);
    expect(v[3]).toBe(15);
    expect(v[4]).toBe(20);
    expect(v[6]).toBe(30);
    expect(v[8]).toBeCloseTo(30 + 10 * 0.125, 12);
    expect(v[10]).toBe(40);
    expect(v[11]).toBe(40 + (1200 - 40) / 2);
    expect(v.slice(12)).toEqual([1200, 1300, 1400]);
    // One constant key is held everywhere; a live first key is asked at its own frame before it.
    expect(keyframeSchedule([key(0, 5)], [], source).live).toBe(false);
    expect(keyframeSchedule([key(0, 5)], [], source).at(9, CONTEXT)).toBe(5);
    expect(keyframeSchedule([key(4, (t) => t)], [], source).at(1, CONTEXT)).toBe(4);
    expect(keyframeSchedule([key(4, (t) => t)], [], source).live).toBe(true);
  });

  it('checks keys in frames against keys in seconds once the fps is known', () => {
    const s = keyframeSchedule([key(0, 1), key(1, 2, { seconds: true, position: 7 }), key(24, 3, { position: 16 })], [], {
      option: '--t',
      text: '0:(1), 1s:(2), 24:(3)',
    });
    expect(failure(() => s.check(CONTEXT))).toBe(
      'Expected a key after frame 24 (keys go in increasing order; 24 fps) for --t at position 17 of "0:(1), 1s:(2), 24:(3)" but received "24"',
    );
    expect(() => s.check({ fps: 12, frames: 48 })).not.toThrow();
    const seconds = keyframeSchedule([key(48, 1), key(2, 2, { seconds: true, position: 8 })], [], { option: '--t', text: '48:(1), 2s:(2)' });
    expect(failure(() => seconds.check(CONTEXT))).toBe(
      'Expected a key after frame 48 (keys go in increasing order; 24 fps) for --t at position 9 of "48:(1), 2s:(2)" but received "2s"',
    );
    expect(() => constantSchedule(1, source).check(CONTEXT)).not.toThrow();
  });

  it('gives an expression all frames at once, a constant one filled', () => {
    const live = parseSchedule('t * 2', '--t');
    expect(Array.from(live.many!(4, CONTEXT))).toEqual([0, 2, 4, 6]);
    const still = parseSchedule('frames + 1', '--t');
    expect(Array.from(still.many!(3, CONTEXT))).toEqual([49, 49, 49]);
  });
});
