import { describe, expect, it } from 'vitest';
import { DreamreelError } from '../../src/errors.js';
import { parseSchedule, sampleSchedule, splitTopLevel, unwrapParentheses, type ScheduleContext } from '../../src/schedule/index.js';
import { splitSchedules } from '../../src/options/schedule.js';

const ANY = { min: -1e12, max: 1e12 };
const values = (text: string, frames: number, context: Partial<ScheduleContext> = {}): number[] =>
  Array.from(sampleSchedule(parseSchedule(text, '--test'), { fps: 24, frames, ...context }, ANY));
const refusal = (text: string, context: Partial<ScheduleContext> = {}): string => {
  try {
    values(text, 48, context);
  } catch (e) {
    expect(e).toBeInstanceOf(DreamreelError);
    return (e as Error).message;
  }
  throw new Error(`${text} was accepted`);
};

describe('Deforum keyframes (examples from its documentation)', () => {
  it('tweens linearly between keys: 0:(-2), 100:(4) is 1.0 at frame 50', () => {
    // deforum-art/sd-webui-deforum wiki, "Maths in Deforum".
    const v = values('0:(-2), 100:(4)', 101);
    expect(v[0]).toBe(-2);
    expect(v[50]).toBeCloseTo(1.0, 12);
    expect(v[100]).toBe(4);
  });

  it('0:(0), 1:(1), 5:(5), 10:(10) moves one per frame', () => {
    // Deforum wiki, "Animation Settings": the first 11 frames are 0, 1, 2 ... 10.
    expect(values('0:(0), 1:(1), 5:(5), 10:(10)', 11).map((v) => +v.toFixed(12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("evaluates Deforum's default zoom expression at every frame", () => {
    const v = values('0:(1.0025+0.002*sin(1.25*3.14*t/30))', 90);
    for (const t of [0, 7, 30, 89]) expect(v[t]).toBeCloseTo(1.0025 + 0.002 * Math.sin((1.25 * 3.14 * t) / 30), 12);
  });

  it('a live key is evaluated per frame from its key on; the constant key before it tweens to its value', () => {
    // 0:(0), 30:(15*sin(2*3.14*t/30)): frames 0..30 go from 0 to the expression's value at 30, then follow it.
    const f = (t: number): number => 15 * Math.sin((2 * 3.14 * t) / 30);
    const v = values('0:(0), 30:(15*sin(2*3.14*t/30))', 60);
    expect(v[15]).toBeCloseTo(f(30) / 2, 12);
    for (const t of [30, 37, 45, 59]) expect(v[t]).toBeCloseTo(f(t), 12);
  });

  it('holds the first key before it and the last after it', () => {
    const v = values('10:(5), 20:(7)', 30);
    expect(v.slice(0, 11)).toEqual(Array(11).fill(5));
    expect(v[15]).toBeCloseTo(6, 12);
    expect(v.slice(20)).toEqual(Array(10).fill(7));
  });

  it('takes keys in seconds, turned into frames by the fps', () => {
    expect(values('0s:(0), 1s:(24)', 25)[12]).toBeCloseTo(12, 12);
    expect(values('0s:(0), 1s:(24)', 13, { fps: 12 })[6]).toBeCloseTo(12, 12);
    expect(values('0:(0), 0.5s:(1), 24:(2)', 25)[18]).toBeCloseTo(1.5, 12);
  });

  it('eases a segment by the easing written on the key that starts it', () => {
    const inOut = values('0:(0)~ease-in-out, 10:(1)', 11);
    expect(inOut[5]).toBeCloseTo(0.5, 12);
    expect(inOut[1]).toBeLessThan(0.01);
    expect(inOut[9]).toBeGreaterThan(0.99);
    expect(values('0:(0)~ease-in, 10:(1)', 11)[5]).toBeCloseTo(0.125, 12);
    expect(values('0:(0)~ease-out, 10:(1)', 11)[5]).toBeCloseTo(0.875, 12);
    expect(values('0:(2)~hold, 10:(1)', 12)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1]);
    // Only the segment after the eased key: the next one is linear again.
    expect(values('0:(0)~ease-in, 10:(1), 20:(2)', 21)[15]).toBeCloseTo(1.5, 12);
  });

  it('accepts a trailing comma and spaces, as pasted from Deforum settings files', () => {
    expect(values(' 0: (1) , 4: (2), ', 5)).toEqual([1, 1.25, 1.5, 1.75, 2]);
  });
});

describe('expressions', () => {
  it('follows maths precedence: ^ binds tightest and to the right, unary minus below it', () => {
    const at0 = (text: string): number => values(text, 1)[0]!;
    expect(at0('1 + 2*3^2')).toBe(19);
    expect(at0('-2^2')).toBe(-4);
    expect(at0('2^3^2')).toBe(512);
    expect(at0('2**3')).toBe(8);
    expect(at0('7 % 4')).toBe(3);
    expect(at0('(1 + 2) * 3')).toBe(9);
    expect(at0('10 - 4 - 3')).toBe(3);
    expect(at0('12 / 3 / 2')).toBe(2);
    expect(at0('min(3, 1, 2) + max(1, 5) + clamp(7, 0, 2) + pow(2, 10)')).toBe(1 + 5 + 2 + 1024);
    expect(at0('floor(1.7) + ceil(1.2) + round(2.5) + abs(-3) + sqrt(16) + exp(0) + log(1)')).toBe(1 + 2 + 3 + 3 + 4 + 1 + 0);
    expect(at0('cos(pi) + tan(0)')).toBeCloseTo(-1, 12);
  });

  it('knows the frame, the seconds and the render clock', () => {
    expect(values('t', 4)).toEqual([0, 1, 2, 3]);
    expect(values('s', 3, { fps: 2 })).toEqual([0, 0.5, 1]);
    expect(values('fps + frames', 2, { fps: 12 })).toEqual([14, 14]);
  });

  it('evaluates all frames at once exactly as frame by frame', () => {
    const context = { fps: 24, frames: 50, features: { rms: Float32Array.from({ length: 40 }, (_, i) => (i % 7) / 7) } };
    for (const text of [
      '1 + 0.02*sin(2*pi*s/4)',
      '-t^2 % 7 + abs(cos(t)) / (1 + t)',
      'max(rms, 0.5) * min(t, 10, frames) + pow(2, -s) + clamp(t - 20, 0, 5)',
      '2 - -t',
      'floor(t/3) + round(rms*10)',
    ]) {
      const schedule = parseSchedule(text, '--test');
      const all = schedule.many!(context.frames, context);
      for (let t = 0; t < context.frames; t++) expect(all[t], `${text} at ${t}`).toBe(schedule.at(t, context));
    }
  });

  it('reads music features per frame, silent past the end of the song', () => {
    const rms = Float32Array.from([0, 0.5, 1]);
    const v = values('0:(0.002 + 0.03*rms)', 4, { features: { rms } });
    expect(v.map((x) => +x.toFixed(9))).toEqual([0.002, 0.017, 0.032, 0.002]);
    expect(values('beat * 2', 2, { features: { beat: Float32Array.from([1, 0]) } })).toEqual([2, 0]);
  });
});

describe('refusals: one line that points at the position', () => {
  it('bad syntax', () => {
    expect(refusal('0:(1.0 +* 2)')).toBe('Expected a number, a name or "(" for --test at position 9 of "0:(1.0 +* 2)" but received "*"');
    expect(refusal('0:(1), 48:(2')).toBe('Expected ")" or an operator for --test at position 13 of "0:(1), 48:(2" but received "the end"');
    expect(refusal('1 2')).toBe('Expected an operator or the end for --test at position 3 of "1 2" but received "2"');
    expect(refusal('')).toBe('Expected a number, an expression or keys such as 0:(1), 48:(2) for --test at position 1 of "" but received "the end"');
    expect(refusal('0:(1), 5.5:(2)')).toMatch(/^Expected a whole frame number \(or seconds, such as 2.5s\) for --test at position 8/);
    expect(refusal('5:(1), 3:(2)')).toBe('Expected a key after 5 (keys go in increasing order) for --test at position 8 of "5:(1), 3:(2)" but received "3"');
    expect(refusal('0:(1), 1s:(2), 12:(3)')).toBe(
      'Expected a key after frame 24 (keys go in increasing order; 24 fps) for --test at position 16 of "0:(1), 1s:(2), 12:(3)" but received "12"',
    );
    expect(refusal('0:(1)~bounce, 4:(2)')).toBe(
      'Expected an easing (linear, ease-in, ease-out, ease-in-out, hold) for --test at position 7 of "0:(1)~bounce, 4:(2)" but received "bounce"',
    );
    expect(refusal('min(1)')).toBe('Expected min(a, b, ...) for --test at position 1 of "min(1)" but received "min with 1 argument"');
    expect(refusal('sin')).toBe('Expected "(" after sin, as in sin(x) for --test at position 4 of "sin" but received "the end"');
  });

  it('JavaScript is not reachable: names are only the listed ones, dots and strings are not syntax', () => {
    const names =
      'one of t, s, fps, frames, pi, rms, bass, mid, treble, onset, beat or a function (sin, cos, tan, abs, floor, ceil, round, sqrt, exp, log, min, max, pow, clamp)';
    expect(refusal('process.exit(3)')).toBe(`Expected ${names} for --test at position 1 of "process.exit(3)" but received "process"`);
    expect(refusal('constructor.constructor("return 1")()')).toBe(
      `Expected ${names} for --test at position 1 of "constructor.constructor(\\"return 1\\")()" but received "constructor"`,
    );
    expect(refusal('0:(__proto__)')).toBe(`Expected ${names} for --test at position 4 of "0:(__proto__)" but received "__proto__"`);
    expect(refusal('0:(toString(1))')).toMatch(/but received "toString"$/);
    expect(refusal('1 + "a"')).toBe('Expected a number, a name or "(" for --test at position 5 of "1 + \\"a\\"" but received "\\""');
    expect(refusal('t(2)')).toMatch(/^Expected a function \(sin, .*\) for --test at position 1 of "t\(2\)" but received "t"$/);
  });

  it('division by zero and results that are not finite numbers, with the frame', () => {
    expect(refusal('1/(t-3)')).toBe('Expected a divisor other than 0 after "/" for --test at position 2 of "1/(t-3)" but received "0" at frame 3');
    expect(refusal('0:(5 % (t - 2))')).toBe(
      'Expected a divisor other than 0 after "%" for --test at position 6 of "0:(5 % (t - 2))" but received "0" at frame 2',
    );
    expect(refusal('sqrt(t - 10)')).toBe('Expected a finite number from sqrt for --test at position 1 of "sqrt(t - 10)" but received "NaN" at frame 0');
    expect(refusal('log(t)')).toBe('Expected a finite number from log for --test at position 1 of "log(t)" but received "-Infinity" at frame 0');
    expect(refusal('exp(1000*t)')).toBe('Expected a finite number from exp for --test at position 1 of "exp(1000*t)" but received "Infinity" at frame 1');
    expect(refusal('10^(400*t)')).toMatch(/^Expected a finite number from \^ for --test at position 3/);
    expect(refusal('1e300 * 1e300 * t')).toBe('Expected a finite number for --test but received NaN at frame 0 from "1e300 * 1e300 * t"');
  });

  it('a music feature without a song', () => {
    expect(refusal('0:(0.002 + 0.03*rms)')).toBe(
      'Expected one of t, s, fps, frames, pi (music features such as rms need --audio FILE) for --test at position 17 of "0:(0.002 + 0.03*rms)" but received "rms"',
    );
  });

  it('a value out of the parameter range, with the frame it happens at', () => {
    const zoom = parseSchedule('0:(1), 48:(3)', '--zoom');
    expect(() => sampleSchedule(zoom, { fps: 24, frames: 49 }, { min: 0.5, max: 2 })).toThrow(
      'Expected values between 0.5 and 2 for --zoom but received 2.04167 at frame 25 from "0:(1), 48:(3)"',
    );
    const steps = parseSchedule('0:(4), 10:(0)', '--steps-next');
    expect(() => sampleSchedule(steps, { fps: 24, frames: 11 }, { min: 1, max: 1000, integer: true })).toThrow(
      'Expected whole numbers between 1 and 1000 for --steps-next but received 0.4 at frame 9 from "0:(4), 10:(0)"',
    );
  });

  it('refuses a 10 MB string before reading it', () => {
    const huge = '1+'.repeat(5 * 1024 * 1024) + '1';
    expect(refusal(huge)).toBe(`Expected a schedule of at most 10000 characters for --test but received ${huge.length} characters`);
  });

  it('refuses expressions nested deeper than 1000 levels in one line, not by overflowing the stack', () => {
    // Under the length limit, yet each would recurse once per level when compiled or parsed.
    expect(refusal('1' + '+1'.repeat(4999))).toMatch(
      /^Expected an expression nested at most 1000 levels deep for --test at position \d+ of .+ but received "\+"$/,
    );
    expect(refusal('('.repeat(4000) + '1' + ')'.repeat(4000))).toMatch(/^Expected an expression nested at most 1000 levels deep for --test/);
    expect(refusal('-'.repeat(3000) + '1')).toMatch(/^Expected an expression nested at most 1000 levels deep for --test/);
    // Deep but within the limit still evaluates.
    expect(values('1' + '+1'.repeat(999), 1)).toEqual([1000]);
    expect(values('('.repeat(900) + '2' + ')'.repeat(900), 1)).toEqual([2]);
  });

  it('shows a long schedule around the position', () => {
    const long = `0:(${'1+'.repeat(60)}*)`;
    expect(refusal(long)).toMatch(/^Expected a number, a name or "\(" for --test at position 124 of …"1\+1\+.*\*\)" but received "\*"$/);
  });
});

describe('schedules in lists and flags', () => {
  it('splits a comma list only outside parentheses, and unwraps one whole pair', () => {
    expect(splitTopLevel('(0:(0), 48:(4)), 0')).toEqual(['(0:(0), 48:(4))', '0']);
    expect(splitTopLevel('min(1, t), 2')).toEqual(['min(1, t)', '2']);
    expect(unwrapParentheses('(0:(0), 48:(4))')).toBe('0:(0), 48:(4)');
    expect(unwrapParentheses('(1)+(2)')).toBe('(1)+(2)');
  });

  it('leaves plain numbers with the flags and parses the schedules apart', () => {
    const { flags, schedules } = splitSchedules({ zoom: '1.05', rotate: '0:(0), 24:(10)', shift: '(0:(0), 48:(4)), -1', lr: '0.01', steps: '3' });
    expect(flags).toEqual({ zoom: '1.05', lr: '0.01', steps: '3' });
    expect(Object.keys(schedules).sort()).toEqual(['rotate', 'shift']);
    // Plain data (a farm payload, a checkpoint's identity): schedules as their text, constants as numbers.
    expect(schedules).toEqual({ rotate: '0:(0), 24:(10)', shift: ['0:(0), 48:(4)', -1] });
    expect(JSON.parse(JSON.stringify(schedules))).toEqual(schedules);
    expect(splitSchedules({ shift: '1.5,-2' }).flags).toEqual({ shift: '1.5,-2' });
    expect(() => splitSchedules({ shift: '0:(0), 48:(4), 0' })).toThrow(
      'Expected two numbers or schedules such as 1.5,-2 or "(0:(0), 48:(4)), 0" for --shift but received "0:(0), 48:(4), 0"',
    );
    expect(() => splitSchedules({ lr: '0:(0.01), 9:(0.02)', lrEnd: '0.005' })).toThrow('--lr-end cannot be combined with a scheduled --lr');
    expect(() => splitSchedules({ blend: '0:(1) +' })).toThrow(
      'Expected a number, a name or "(" for --blend at position 8 of "0:(1) +" but received "the end"',
    );
  });
});
