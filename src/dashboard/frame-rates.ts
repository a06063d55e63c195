/** Frames per minute of each render over the last minute of samples, the farm's whole throughput. */
export class FrameRates {
  private readonly samples = new Map<string, { at: number; done: number }[]>();
  constructor(private readonly windowMs = 60_000) {}

  /** Records `done` frames at `now` and returns the rate over the window (0 until two samples a second apart differ). */
  sample(id: string, done: number, now: number): number {
    const list = this.samples.get(id) ?? [];
    if (list.length && done < list.at(-1)!.done) list.length = 0; // a restart from fewer frames: start over
    list.push({ at: now, done });
    while (list.length > 2 && now - list[1]!.at > this.windowMs) list.shift();
    this.samples.set(id, list);
    const first = list[0]!;
    const minutes = (now - first.at) / 60_000;
    return minutes >= 1 / 60 && done > first.done ? Math.round(((done - first.done) / minutes) * 10) / 10 : 0;
  }

  /** Forgets renders no longer listed. */
  keepOnly(ids: readonly string[]): void {
    for (const id of this.samples.keys()) if (!ids.includes(id)) this.samples.delete(id);
  }
}
