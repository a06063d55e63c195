/** One chunk of a farm render: frames [start, end) are written; `preroll` frames before start are dreamed first. */
export interface ChunkSpec {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly preroll: number;
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
 * `cuts` are indices of frames that start a new scene.
 */
export function planChunks(frames: number, cuts: readonly number[], chunkFrames: number, preroll: number): ChunkSpec[] {
  const starts = new Set([0, ...cuts]);
  const chunks: ChunkSpec[] = [];
  let start = 0;
  while (start < frames) {
    let end = cutNear(cuts, start, chunkFrames) ?? start + chunkFrames;
    if (frames - end < chunkFrames / 4) end = frames;
    chunks.push({ index: chunks.length, start, end, preroll: starts.has(start) ? 0 : Math.min(preroll, start) });
    start = end;
  }
  return chunks;
}
