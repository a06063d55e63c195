import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** A track from ffmpeg's aevalsrc: `expr` of t in seconds, mono 44.1 kHz, as a file ffmpeg can read back. */
export function synthTrack(dir: string, name: string, expr: string, seconds: number): string {
  const path = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='${expr}':s=44100:d=${seconds}`, path]);
  return path;
}

/** A decaying 1.8 kHz click of amplitude `a` at `at` seconds. */
export const click = (at: number, a: number): string => `${a}*gte(t,${at})*exp(-250*abs(t-${at}))*sin(2*PI*1800*t)`;

/** A soft bed under the clicks: noise and a slowly swelling 220 Hz tone (no attacks of its own). */
export const BED = '0.015*(random(0)-0.5)+0.08*sin(2*PI*220*t)*(0.5+0.5*sin(2*PI*0.2*t))';

/** Frames where a 0..1 curve has a local peak at or above `threshold`. */
export function peaks(values: readonly number[], threshold: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= threshold && v >= (values[i - 1] ?? 0) && v > (values[i + 1] ?? 0)) found.push(i);
  }
  return found;
}

/** Precision and recall of detected frames against true frames, each true frame matched once within `tolerance` frames. */
export function precisionRecall(detected: readonly number[], truth: readonly number[], tolerance = 1): { precision: number; recall: number } {
  const unmatched = new Set(truth);
  let hits = 0;
  for (const d of detected) {
    const match = [...unmatched].find((t) => Math.abs(t - d) <= tolerance);
    if (match !== undefined) {
      unmatched.delete(match);
      hits++;
    }
  }
  return { precision: detected.length ? hits / detected.length : 0, recall: truth.length ? hits / truth.length : 1 };
}

/** The track's rms per video frame measured independently of src/audio: ffmpeg's own decode at 8 kHz, summed here. */
export function rmsPerFrame(path: string, fps: number): number[] {
  const rate = 8000;
  const bytes = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-ac', '1', '-ar', String(rate), '-f', 'f32le', 'pipe:1'], { maxBuffer: 1 << 28 });
  const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const frames = Math.round((samples.length / rate) * fps);
  return Array.from({ length: frames }, (_, f) => {
    const part = samples.subarray(Math.round((f * rate) / fps), Math.round(((f + 1) * rate) / fps));
    return Math.sqrt(part.reduce((a, v) => a + v * v, 0) / Math.max(1, part.length));
  });
}

/** Pearson's correlation. */
export function correlation(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const mean = (x: readonly number[]) => x.slice(0, n).reduce((s, v) => s + v, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
