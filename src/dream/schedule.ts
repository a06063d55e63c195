/** A value that moves from `start` to `end` over a run of steps (step size, blur). */
export interface Schedule {
  readonly start: number;
  readonly end: number;
  /** Geometric suits quantities that span orders of magnitude. */
  readonly curve: 'linear' | 'geometric';
}

export const constant = (value: number): Schedule => ({ start: value, end: value, curve: 'linear' });
export const linear = (start: number, end: number): Schedule => ({ start, end, curve: 'linear' });
export const geometric = (start: number, end: number): Schedule => ({ start, end, curve: 'geometric' });

/** Value at step `index` of `count`. */
export function valueAt(s: Schedule, index: number, count: number): number {
  const t = count <= 1 ? 0 : index / (count - 1);
  if (s.curve === 'geometric' && s.start > 0 && s.end > 0) return s.start * Math.pow(s.end / s.start, t);
  return s.start + (s.end - s.start) * t;
}
