/** Hop-rate and sample-rate measures gathered into one value per video frame. */

/** Which video frame each hop time falls in (frame i spans [i/fps, (i+1)/fps)); -1 outside the video. */
function frameOf(seconds: number, fps: number, frames: number): number {
  const frame = Math.floor(seconds * fps + 1e-9);
  return frame >= 0 && frame < frames ? frame : -1;
}

/**
 * One value per video frame from values at hop times (`hop * hopSeconds + offset`): the mean
 * (band powers) or the largest (onset strength, so a click is not diluted by the quiet around it).
 * A frame shorter than a hop (fps above 100) takes the hop nearest its middle.
 */
export function hopsToFrames(values: Float32Array, hopSeconds: number, fps: number, frames: number, how: 'mean' | 'max', offset = 0): Float32Array {
  const sums = new Float64Array(frames);
  const counts = new Uint32Array(frames);
  const out = new Float32Array(frames);
  for (let h = 0; h < values.length; h++) {
    const f = frameOf(h * hopSeconds + offset, fps, frames);
    if (f < 0) continue;
    sums[f] = how === 'max' && counts[f]! > 0 ? Math.max(sums[f]!, values[h]!) : how === 'max' ? values[h]! : sums[f]! + values[h]!;
    counts[f]!++;
  }
  for (let f = 0; f < frames; f++) {
    if (counts[f]! > 0) out[f] = how === 'max' ? sums[f]! : sums[f]! / counts[f]!;
    else {
      const nearest = Math.round(((f + 0.5) / fps - offset) / hopSeconds);
      out[f] = nearest >= 0 && nearest < values.length ? values[nearest]! : 0;
    }
  }
  return out;
}

/** Root mean square of the samples in each video frame's span; frames past the track's end are silent. */
export function rmsPerFrame(samples: Float32Array, sampleRate: number, fps: number, frames: number): Float32Array {
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const [start, end] = [Math.round((f * sampleRate) / fps), Math.min(samples.length, Math.round(((f + 1) * sampleRate) / fps))];
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    out[f] = end > start ? Math.sqrt(sum / (end - start)) : 0;
  }
  return out;
}

/** 1 on each frame with a beat, then falling by e every `decaySeconds` until the next. */
export function beatPulse(beatSeconds: readonly number[], fps: number, frames: number, decaySeconds = 0.1): Float32Array {
  const out = new Float32Array(frames);
  const onFrames = new Set(beatSeconds.map((s) => frameOf(s, fps, frames)).filter((f) => f >= 0));
  let last = -Infinity;
  for (let f = 0; f < frames; f++) {
    if (onFrames.has(f)) last = f;
    out[f] = Math.exp(-(f - last) / (fps * decaySeconds));
  }
  return out;
}

/**
 * A band's rms in the signal's own units from its summed power spectrum (Parseval, one-sided, Hann's
 * sum of squares 3n/8): a band moves like the rms, not like its square, and shares its silence floor.
 */
export function bandRms(powers: Float32Array, window: number): Float32Array {
  const scale = 16 / (3 * window * window);
  return powers.map((p) => Math.sqrt(p * scale));
}

/**
 * Divides by the track's largest value so it spans 0..1. Below `floor` (an absolute level,
 * -80 dB of full scale for amplitudes) a track counts as silent in that feature and stays 0:
 * a 60 Hz tone's treble is window leakage, not treble to be stretched to 1.
 */
export function normalised(values: Float32Array, floor: number): Float32Array {
  const peak = values.reduce((a, b) => Math.max(a, b), 0);
  return peak <= floor ? new Float32Array(values.length) : values.map((v) => Math.min(1, Math.max(0, v / peak)));
}
