import type { ServerResponse } from 'node:http';
import sharp from 'sharp';
import { thumbnailPixels, type Farm } from '../pipeline/farm/queue-view.js';
import { FrameRates } from './frame-rates.js';
import { takeSnapshot, type Snapshot } from './snapshot.js';

/** What the page receives: the whole snapshot when it changes, each new thumbnail once. */
type Message =
  | { event: 'snapshot'; data: Snapshot & { redis: 'ok' | 'unreachable'; at: number } }
  | { event: 'thumb'; data: { renderId: string; chunk: number; frame: number; at: number; src: string } };

const sse = (m: Message): string => `event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`;

/**
 * Reads the farm every `pollMs` and pushes what changed to every open event stream (Server-Sent
 * Events). One reader for all pages, so ten open tabs cost Redis what one does.
 */
export class LiveFarm {
  private readonly clients = new Set<ServerResponse>();
  private readonly rates = new FrameRates();
  private readonly thumbs = new Map<string, Message & { event: 'thumb' }>();
  private last?: Message & { event: 'snapshot' };
  private lastJson = '';
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly farm: Farm,
    private readonly pollMs = 500,
    private readonly timeoutMs = 3000,
  ) {}

  start(): void {
    const tick = async (): Promise<void> => {
      await this.poll();
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.pollMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const c of this.clients) c.end();
  }

  /** The latest snapshot (for GET /api/state). */
  current(): Message['data'] | undefined {
    return this.last?.data;
  }

  /** A new page: everything known so far at once, then changes as they come. */
  attach(res: ServerResponse): void {
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    if (this.last) res.write(sse(this.last));
    for (const t of this.thumbs.values()) res.write(sse(t));
  }

  private broadcast(m: Message): void {
    const text = sse(m);
    for (const c of this.clients) c.write(text);
  }

  /** One read of the farm; when Redis does not answer in time the page says so and keeps the last picture. */
  private async poll(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), this.timeoutMs)));
    const snapshot = await Promise.race([takeSnapshot(this.farm, this.rates).catch(() => undefined), late]);
    clearTimeout(timer);
    const data = snapshot ? { ...snapshot, redis: 'ok' as const } : { ...(this.last?.data ?? { renders: [], workers: [] }), redis: 'unreachable' as const };
    if (snapshot) await this.newThumbnails(snapshot).catch(() => {});
    const json = JSON.stringify(data);
    if (json === this.lastJson) return;
    this.lastJson = json;
    this.last = { event: 'snapshot', data: { ...data, at: Date.now() } };
    this.broadcast(this.last);
  }

  private async newThumbnails(snapshot: Snapshot): Promise<void> {
    for (const r of snapshot.renders) {
      for (const c of r.chunks) {
        const key = `${r.id}:${c.index}`;
        if (!c.thumb || this.thumbs.get(key)?.data.at === c.thumb.at) continue;
        const pixels = await thumbnailPixels(this.farm, r.id, c.index);
        if (!pixels) continue;
        // The JPEG is made here, on the dashboard's machine, not by the workers.
        const jpeg = await sharp(pixels.rgb, { raw: { width: pixels.width, height: pixels.height, channels: 3 } })
          .jpeg({ quality: 80 })
          .toBuffer();
        const m = {
          event: 'thumb' as const,
          data: { renderId: r.id, chunk: c.index, frame: c.thumb.frame, at: c.thumb.at, src: `data:image/jpeg;base64,${jpeg.toString('base64')}` },
        };
        this.thumbs.set(key, m);
        this.broadcast(m);
      }
    }
    const live = new Set(snapshot.renders.map((r) => r.id));
    for (const key of this.thumbs.keys()) if (!live.has(key.split(':')[0]!)) this.thumbs.delete(key);
  }
}
