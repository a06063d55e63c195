/**
 * A feature as a Deforum keyframe string, `0:(0.12), 1:(0.40), ...`, for pasting into other tools.
 * Deforum tweens linearly between keys and holds the last, so a run of equal values needs only
 * its first and last frame: the string is exact and shorter where the music is steady.
 */
export function keyframeString(values: Float32Array, decimals = 2): string {
  const rounded = Array.from(values, (v) => v.toFixed(decimals));
  const keys: string[] = [];
  for (let i = 0; i < rounded.length; i++) {
    const inRun = i > 0 && i < rounded.length - 1 && rounded[i] === rounded[i - 1] && rounded[i] === rounded[i + 1];
    if (!inRun) keys.push(`${i}:(${rounded[i]})`);
  }
  return keys.join(', ');
}
