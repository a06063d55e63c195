/**
 * How a keyframe segment travels from its key to the next: `0:(1)~ease-in-out, 48:(2)`.
 * As in CSS keyframes, the easing written on a key shapes the segment that leaves it.
 * Cubic curves (easings.net), so a segment starts and/or ends with zero speed.
 */
export const EASINGS = {
  linear: (u: number) => u,
  'ease-in': (u: number) => u * u * u,
  'ease-out': (u: number) => 1 - (1 - u) ** 3,
  'ease-in-out': (u: number) => (u < 0.5 ? 4 * u * u * u : 1 - (-2 * u + 2) ** 3 / 2),
  /** Keeps the key's value until the next key: a cut, not a tween. */
  hold: () => 0,
} as const;

export type EasingName = keyof typeof EASINGS;
export const EASING_NAMES = Object.keys(EASINGS) as EasingName[];

export const isEasing = (name: string): name is EasingName => Object.hasOwn(EASINGS, name);
