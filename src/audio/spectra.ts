import meydaModule from 'meyda';

/** How the track is cut for the spectra: 32 ms Hann windows every 10 ms at 32 kHz (Nyquist 16 kHz, the top of treble). */
export const ANALYSIS = { sampleRate: 32000, window: 1024, hop: 320 } as const;

/** The band edges in Hz, [low, high): kick and bass; voice and most instruments; cymbals, hats and air. */
export const BANDS = { bass: [20, 250], mid: [250, 4000], treble: [4000, 16000] } as const;
export type BandName = keyof typeof BANDS;

/** Features of each analysis hop, the hop's window centred on `hop * hopSeconds`. */
export interface HopFeatures {
  readonly hops: number;
  readonly hopSeconds: number;
  /** Power summed over each band's bins. */
  readonly bands: Record<BandName, Float32Array>;
  /** Spectral flux: the rise of the log mel band powers summed over bands, half-wave rectified (Bello et al. 2005; librosa's onset strength). */
  readonly flux: Float32Array;
}

interface MeydaLike {
  bufferSize: number;
  sampleRate: number;
  windowingFunction: string;
  melBands: number;
  /** Built by the first extract: one row of bin weights per mel band. */
  melFilterBank?: number[][];
  extract(feature: 'amplitudeSpectrum', signal: Float32Array): Float32Array | null;
}

/**
 * Mel bands for the onset strength, as librosa's: on linear bins the hundreds of bins above 4 kHz
 * outvote a kick drum's few, and the beat tracker would follow the hi-hat instead of the kick.
 */
const MEL_BANDS = 40;

// meyda's Node build is CommonJS (module.exports = Meyda); its types describe the ES build's default export.
const Meyda = ((meydaModule as unknown as { default?: MeydaLike }).default ?? meydaModule) as unknown as MeydaLike;

/** A mel band as the bins it weighs: meyda's triangular filters, kept sparse (its own melBands multiplies all 512 bins for each of 40 bands). */
interface MelFilter {
  readonly first: number;
  readonly weights: Float32Array;
}

function sparseMelFilters(bank: number[][]): MelFilter[] {
  return bank.map((row) => {
    const first = Math.max(
      0,
      row.findIndex((w) => w > 0),
    );
    const last = row.length - [...row].reverse().findIndex((w) => w > 0);
    return { first, weights: Float32Array.from(row.slice(first, Math.max(first, last))) };
  });
}

/** log(1 + mel band power), as meyda's melBands: loud and quiet attacks rise alike. */
function logMelBands(amplitude: Float32Array, filters: readonly MelFilter[]): Float32Array {
  const out = new Float32Array(filters.length);
  filters.forEach(({ first, weights }, band) => {
    let sum = 0;
    for (let k = 0; k < weights.length; k++) sum += weights[k]! * amplitude[first + k]! * amplitude[first + k]!;
    out[band] = Math.log1p(sum);
  });
  return out;
}

/** The bins [first, last) whose centre frequencies fall in each band. */
function bandBins(): Record<BandName, readonly [number, number]> {
  const { sampleRate, window } = ANALYSIS;
  const bin = (hz: number): number => Math.min(window / 2, Math.ceil((hz * window) / sampleRate));
  const range = ([low, high]: readonly [number, number]) => [bin(low), bin(high)] as const;
  return { bass: range(BANDS.bass), mid: range(BANDS.mid), treble: range(BANDS.treble) };
}

/** The samples with half a window of silence each side, so the first window is centred on time 0 (librosa's center=True). */
function padded(samples: Float32Array): Float32Array {
  const half = ANALYSIS.window / 2;
  const out = new Float32Array(samples.length + 2 * half);
  out.set(samples, half);
  return out;
}

/** Amplitude spectra from meyda (its FFT and Hann window), reduced per hop to band powers and spectral flux. */
export function hopFeatures(samples: Float32Array): HopFeatures {
  const { window, hop, sampleRate } = ANALYSIS;
  const signal = padded(samples);
  const hops = Math.max(1, Math.floor((signal.length - window) / hop) + 1);
  const bins = bandBins();
  const bands = { bass: new Float32Array(hops), mid: new Float32Array(hops), treble: new Float32Array(hops) };
  const flux = new Float32Array(hops);
  Object.assign(Meyda, { bufferSize: window, sampleRate, windowingFunction: 'hanning', melBands: MEL_BANDS });
  let previous: Float32Array | undefined;
  let filters: MelFilter[] | undefined;
  for (let h = 0; h < hops; h++) {
    const frame = signal.subarray(h * hop, h * hop + window);
    const amplitude = Meyda.extract('amplitudeSpectrum', frame.length === window ? frame : padTo(frame, window))!;
    for (const name of Object.keys(bins) as BandName[]) bands[name][h] = bandPower(amplitude, bins[name]);
    // Its rows span bins 0..n/2 inclusive; the amplitude spectrum stops before n/2.
    filters ??= sparseMelFilters(Meyda.melFilterBank!.slice(0, MEL_BANDS).map((row) => row.slice(0, window / 2)));
    const compressed = logMelBands(amplitude, filters);
    // The first window has nothing before it: the whole spectrum "rising" from silence would
    // outweigh every onset in the song and squash them when scaled to 0..1.
    flux[h] = previous ? rectifiedRise(previous, compressed) : 0;
    previous = compressed;
  }
  return { hops, hopSeconds: hop / sampleRate, bands, flux };
}

function padTo(frame: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(frame);
  return out;
}

function bandPower(amplitude: Float32Array, [first, last]: readonly [number, number]): number {
  let sum = 0;
  for (let k = first; k < last; k++) sum += amplitude[k]! * amplitude[k]!;
  return sum;
}

function rectifiedRise(previous: Float32Array, current: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < current.length; k++) sum += Math.max(0, current[k]! - previous[k]!);
  return sum;
}
