/**
 * A beat tracker on the onset envelope: the global tempo from its autocorrelation, then Ellis'
 * dynamic programme (D. Ellis, "Beat Tracking by Dynamic Programming", JNMR 2007), as librosa's
 * beat_track does it: beats sit on strong onsets and keep near one period apart.
 */

const TIGHTNESS = 100;
const START_BPM = 120;

/** Beats per minute with the strongest autocorrelation, weighted by a log-normal prior around 120 BPM (one octave wide). */
export function estimateTempo(onset: Float32Array, hopSeconds: number): number {
  const rate = 1 / hopSeconds;
  const mean = onset.reduce((a, b) => a + b, 0) / onset.length;
  let best = { bpm: START_BPM, score: -Infinity };
  const minLag = Math.max(1, Math.floor((60 / 240) * rate));
  const maxLag = Math.min(onset.length - 1, Math.ceil((60 / 40) * rate));
  for (let lag = minLag; lag <= maxLag; lag++) {
    let sum = 0;
    for (let i = lag; i < onset.length; i++) sum += (onset[i]! - mean) * (onset[i - lag]! - mean);
    const bpm = (60 * rate) / lag;
    const prior = Math.exp(-0.5 * Math.log2(bpm / START_BPM) ** 2);
    const score = (sum / (onset.length - lag)) * prior;
    if (score > best.score) best = { bpm, score };
  }
  return best.bpm;
}

/** The onset envelope smoothed by a Gaussian of a 32nd of a period, in units of its standard deviation. */
function localScore(onset: Float32Array, period: number): Float64Array {
  const mean = onset.reduce((a, b) => a + b, 0) / onset.length;
  const std = Math.sqrt(onset.reduce((a, b) => a + (b - mean) ** 2, 0) / onset.length);
  const reach = Math.round(period);
  const kernel = Array.from({ length: 2 * reach + 1 }, (_, j) => Math.exp(-0.5 * (((j - reach) * 32) / period) ** 2));
  const out = new Float64Array(onset.length);
  for (let i = 0; i < onset.length; i++) {
    let sum = 0;
    for (let j = 0; j < kernel.length; j++) {
      const k = i + j - reach;
      if (k >= 0 && k < onset.length) sum += kernel[j]! * onset[k]!;
    }
    out[i] = sum / std;
  }
  return out;
}

/** Best cumulative score of a beat at each hop, and the hop of the beat before it (-1 for none). */
function cumulativeScores(score: Float64Array, period: number): { cumulative: Float64Array; previous: Int32Array } {
  const cumulative = new Float64Array(score.length);
  const previous = new Int32Array(score.length).fill(-1);
  const [near, far] = [Math.round(period / 2), Math.round(2 * period)];
  for (let i = 0; i < score.length; i++) {
    let best = -Infinity;
    for (let p = Math.max(0, i - far); p <= i - near; p++) {
      const candidate = cumulative[p]! - TIGHTNESS * Math.log((i - p) / period) ** 2;
      if (candidate > best) [best, previous[i]] = [candidate, p];
    }
    cumulative[i] = score[i]! + (best > -Infinity ? best : 0);
  }
  return { cumulative, previous };
}

/** The last local maximum of the cumulative score above half the median of its maxima. */
function lastBeat(cumulative: Float64Array): number {
  const maxima: number[] = [];
  for (let i = 1; i < cumulative.length - 1; i++) if (cumulative[i]! > cumulative[i - 1]! && cumulative[i]! >= cumulative[i + 1]!) maxima.push(i);
  if (maxima.length === 0) return cumulative.length - 1;
  const sorted = maxima.map((i) => cumulative[i]!).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return maxima.filter((i) => cumulative[i]! >= 0.5 * median).at(-1) ?? maxima.at(-1)!;
}

/**
 * Drops leading and trailing beats on weak onsets (librosa's trim): silence before and after the
 * music has no beat. Inside the music the programme keeps the pulse through soft passages, but a
 * beat where there is next to nothing (a tenth of the typical strength: a break, a pause) is dropped too.
 */
function trimmed(beats: number[], score: Float64Array): number[] {
  const strengths = beats.map((b) => score[b]!);
  const typical = Math.sqrt(strengths.reduce((a, s) => a + s * s, 0) / Math.max(1, strengths.length));
  let [first, last] = [0, beats.length - 1];
  while (first <= last && strengths[first]! < 0.5 * typical) first++;
  while (last >= first && strengths[last]! < 0.5 * typical) last--;
  return beats.slice(first, last + 1).filter((_, i) => strengths[first + i]! >= 0.1 * typical);
}

/** Hops with a beat, in order; none for a track without onsets (silence, a steady tone). */
export function trackBeats(onset: Float32Array, hopSeconds: number): { bpm: number; beats: number[] } {
  if (onset.length < 4 || !onset.some((v) => v > 0)) return { bpm: 0, beats: [] };
  const bpm = estimateTempo(onset, hopSeconds);
  const period = 60 / bpm / hopSeconds;
  const score = localScore(onset, period);
  if (!score.every(Number.isFinite)) return { bpm, beats: [] };
  const { cumulative, previous } = cumulativeScores(score, period);
  const beats: number[] = [];
  for (let b = lastBeat(cumulative); b >= 0; b = previous[b]!) beats.push(b);
  return { bpm, beats: trimmed(beats.reverse(), score) };
}
