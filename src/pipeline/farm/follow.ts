import { firstValueFrom, type Observable } from 'rxjs';
import { DreamreelError } from '../../errors.js';
import type { RenderEvent } from '../events.js';
import { failure, viewRender, type ChunkView, type Farm, type RenderView } from './queue-view.js';

export interface FollowOptions {
  /** The local render's event stream: progress over all chunks, frames/min of the whole farm. */
  readonly emit: (event: RenderEvent) => void;
  /** Per-worker lines: which worker took which chunk, and when it finished. */
  readonly note: (line: string) => void;
  /** Stops following; the farm render goes on. */
  readonly stop$: Observable<unknown>;
  readonly pollMs?: number;
}

/** An identity field as text: identities come back from the queue, so a field may be anything. */
const text = (value: unknown): string | undefined => (value == null ? undefined : typeof value === 'string' ? value : JSON.stringify(value));

function startEvent(view: RenderView): RenderEvent {
  const { render } = view;
  return {
    type: 'start',
    command: 'render',
    input: render.input,
    output: render.output,
    model: text(render.identity.model) ?? text(render.options.model) ?? 'default',
    objective: text(render.identity.objective) ?? '',
    backend: `farm, ${render.chunks} chunk${render.chunks === 1 ? '' : 's'}`,
    frames: render.frames,
    width: render.width,
    height: render.height,
    ...(view.done ? { resumedFrom: view.done } : {}),
  };
}

function chunkNotes(before: readonly ChunkView[] | undefined, now: RenderView, note: (line: string) => void): void {
  for (const c of now.chunks) {
    const old = before?.[c.index];
    const label = `chunk ${c.index + 1}/${now.chunks.length}`;
    if (c.worker && c.state === 'active' && (old?.worker !== c.worker || old.state !== 'active'))
      note(`${label}: ${c.worker} dreaming ${c.frames} frames${c.done ? `, from frame ${c.done + 1}` : ''}`);
    if (c.state === 'completed' && old && old.state !== 'completed') note(`${label}: done${c.worker ? ` by ${c.worker}` : ''}`);
  }
}

/**
 * Follows a farm render until its output is written, reading its jobs every `pollMs`. Throws a
 * DreamreelError with the worker's message when a chunk fails. Returns 'detached' when stopped.
 */
export async function followRender(farm: Farm, renderId: string, o: FollowOptions): Promise<'done' | 'detached'> {
  let detached = false;
  const stopped = firstValueFrom(o.stop$).then(
    () => void (detached = true),
    () => {},
  );
  const began = performance.now();
  let first: RenderView | undefined;
  let last: RenderView | undefined;
  for (;;) {
    const view = await Promise.race([viewRender(farm, renderId), stopped]);
    if (detached || !view) return 'detached';
    if (!first) {
      first = view;
      o.emit(startEvent(view));
    }
    chunkNotes(last?.chunks, view, o.note);
    const why = failure(view);
    if (why) throw new DreamreelError(why);
    if (view.cancelled) throw new DreamreelError(`render ${renderId} was cancelled`);
    if (view.done > (last?.done ?? first.done)) {
      const minutes = (performance.now() - began) / 60_000;
      const fpm = (view.done - first.done) / Math.max(minutes, 1e-6);
      const latest = view.chunks.filter((c) => c.ms !== undefined).at(-1);
      o.emit({
        type: 'frame-done',
        frame: view.done - 1,
        frames: view.render.frames,
        loss: latest?.loss ?? 0,
        ms: latest?.ms ?? 0,
        fpm,
        etaSeconds: fpm > 0 ? ((view.render.frames - view.done) / fpm) * 60 : 0,
      });
    }
    last = view;
    if (view.state === 'completed') {
      o.emit({ type: 'done', output: view.render.output, frames: view.render.frames, seconds: (performance.now() - began) / 1000 });
      return 'done';
    }
    await Promise.race([new Promise((r) => setTimeout(r, o.pollMs ?? 1000)), stopped]);
    if (detached) return 'detached';
  }
}
