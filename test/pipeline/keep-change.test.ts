import { describe, expect, it } from 'vitest';
import { rgbImage } from '../../src/image/image.js';
import { keepChange } from '../../src/pipeline/operators/keep-change.js';
import { STEADY_CARRY, steadyCarry } from '../../src/pipeline/operators/steady-carry.js';

describe('keepChange: a carried frame keeps its change by trust', () => {
  const start = rgbImage(2, 1, new Float32Array([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]));
  const dreamed = rgbImage(2, 1, new Float32Array([0.6, 0.4, 0.5, 0.9, 0.1, 0.7]));

  it('keeps `trusted` of the change where trust is 1 and `untrusted` where it is 0, clamped to [0, 1]', () => {
    const kept = keepChange(start, dreamed, new Float32Array([1, 0]), { trusted: 0.5, untrusted: 1.5 });
    expect([...kept.data].map((v) => Number(v.toFixed(4)))).toEqual([0.55, 0.45, 0.5, 1, 0, 0.8]);
  });

  it('blends the two by a partial trust, and changes nothing at 1 and 1', () => {
    const half = keepChange(start, dreamed, new Float32Array([0.5, 0.5]), { trusted: 0.5, untrusted: 1.5 });
    expect(half.data[0]).toBeCloseTo(0.6);
    expect([...keepChange(start, dreamed, new Float32Array([1, 0]), { trusted: 1, untrusted: 1 }).data]).toEqual([...dreamed.data]);
  });

  it('is what the default steady carry does to a carried frame, which draws the same jitter every frame', () => {
    const carry = steadyCarry({ ...STEADY_CARRY, gain: 1 });
    const motion = { backward: { width: 2, height: 1, data: new Float32Array(4) }, trust: new Float32Array([1, 0]) };
    expect(carry.steadyJitter).toBe(true);
    expect([...carry.finish!(start, dreamed, motion).data]).toEqual([...keepChange(start, dreamed, motion.trust, STEADY_CARRY.keep!).data]);
    const { sampler, stepScale, liftWeak } = STEADY_CARRY;
    expect('finish' in steadyCarry({ sampler, stepScale, liftWeak, gain: 1 })).toBe(false);
  });
});
