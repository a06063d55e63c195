import { describe, expect, it } from 'vitest';
import { motionBoundaryMask } from '../../src/flow/motion-boundaries.js';

describe('motion-boundary mask (Ruder et al. 2016)', () => {
  it('is 0 along an edge between two motions and 1 inside each, even inside a fast one', () => {
    const width = 40;
    const height = 20;
    const data = new Float32Array(width * height * 2);
    // Left half still, right half moving 6 px right: one vertical motion boundary at x = 20.
    for (let y = 0; y < height; y++) for (let x = 20; x < width; x++) data[(y * width + x) * 2] = 6;
    const mask = motionBoundaryMask({ width, height, data });
    const at = (x: number, y: number): number => mask[y * width + x]!;
    expect(at(19, 10)).toBeLessThan(0.5);
    expect(at(5, 10)).toBe(1);
    expect(at(32, 10)).toBe(1);
  });
});
