/** One chunk of a farm render: frames [start, end) are written; `preroll` frames before start are dreamed first. */
export interface ChunkSpec {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly preroll: number;
  /** Its first frames, which the join cross-fades from the previous chunk's overlap (absent: a hard join). */
  readonly seam?: number;
  /** Frames dreamed past `end` for the next chunk's seam (kept for the join, not encoded). */
  readonly overlap?: number;
}

/** The cut nearest the nominal end, within [start + half a chunk, nominal end + a quarter chunk]. */
function cutNear(cuts: readonly number[], start: number, chunkFrames: number): number | undefined {
  const nominal = start + chunkFrames;
  const low = start + Math.ceil(chunkFrames / 2);
  const high = nominal + Math.floor(chunkFrames / 4);
  let best: number | undefined;
  for (const cut of cuts) {
    if (cut < low || cut > high) continue;
    if (best === undefined || Math.abs(cut - nominal) < Math.abs(best - nominal)) best = cut;
  }
  return best;
}

/**
 * Splits `frames` into chunks of about `chunkFrames`, ending at a scene cut where one is near
 * (a chunk that starts at a cut needs no preroll: the local render dreams it afresh too). A last
 * piece under a quarter chunk joins the one before, so no machine loads a model for a few frames.
 * `cuts` are indices of frames that start a new scene. `seamFrames`: see withSeams.
 */
export function planChunks(frames: number, cuts: readonly number[], chunkFrames: number, preroll: number, seamFrames = 0): ChunkSpec[] {
  const starts = new Set([0, ...cuts]);
  const chunks: ChunkSpec[] = [];
  let start = 0;
  while (start < frames) {
    let end = cutNear(cuts, start, chunkFrames) ?? start + chunkFrames;
    if (frames - end < chunkFrames / 4) end = frames;
    chunks.push({ index: chunks.length, start, end, preroll: starts.has(start) ? 0 : Math.min(preroll, start) });
    start = end;
  }
  return seamFrames > 0 ? withSeams(chunks, starts, seamFrames) : chunks;
}

/**
 * A chunk that starts at no cut opens with `seamFrames` frames the join cross-fades from the
 * previous chunk's dream, which that chunk dreams past its end (its overlap); at a cut the join stays hard.
 */
function withSeams(chunks: ChunkSpec[], starts: ReadonlySet<number>, seamFrames: number): ChunkSpec[] {
  // At most half a chunk: its segment keeps frames of its own, and a seam never reaches the next.
  const seamOf = (c: ChunkSpec): number => Math.min(seamFrames, Math.floor((c.end - c.start) / 2));
  return chunks.map((c, i) => {
    const next = chunks[i + 1];
    const seam = i > 0 && !starts.has(c.start) ? seamOf(c) : 0;
    const overlap = next && !starts.has(next.start) ? seamOf(next) : 0;
    return { ...c, ...(seam ? { seam } : {}), ...(overlap ? { overlap } : {}) };
  });
}
