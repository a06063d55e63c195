/** Anything the cache can hand back and later release (an ONNX Runtime session and what goes with it). */
export interface Releasable {
  release(): Promise<void>;
}

/**
 * Least-recently-used sessions, at most `capacity` alive: a session holds its graph's
 * weights and activation arena (hundreds of MB at 512²), so sessions of every size a run
 * ever met would add up to gigabytes.
 */
export class SessionCache<T extends Releasable> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  get(key: string, create: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key);
    if (entry) this.entries.delete(key);
    else {
      const created = create();
      entry = created;
      // A failed build is not remembered: the next ask tries again.
      created.catch(() => this.entries.get(key) === created && this.entries.delete(key));
    }
    // Last in the map's order is the most recently used.
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const [oldest, evicted] = this.entries.entries().next().value as [string, Promise<T>];
      this.entries.delete(oldest);
      void evicted.then((s) => s.release()).catch(() => undefined);
    }
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }

  async clear(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map(async (s) => (await s).release()));
  }
}
