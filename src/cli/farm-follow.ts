import { Subject } from 'rxjs';
import { followFarmRender, submitFarmRender } from '../api/farm.js';
import type { RenderOptionsOut } from '../api/options.js';
import type { FarmOptionsOut } from '../api/options.js';
import { redactUrl } from '../api/options.js';
import { progressSink, type OutputFlags } from './output.js';

/** Shows a farm render's progress until it is written; Ctrl-C leaves it running on the farm. */
export async function followFarm(url: string, renderId: string, flags: OutputFlags): Promise<void> {
  const sink = await progressSink(flags);
  const stop$ = new Subject<void>();
  const onSignal = (): void => stop$.next();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const note = flags.json
    ? (line: string) => void process.stdout.write(JSON.stringify({ type: 'farm', message: line }) + '\n')
    : (line: string) => void process.stderr.write(`${line}\n`);
  note(`farm render ${renderId}; Ctrl-C leaves it running (dreamreel cancel ${renderId} stops it)`);
  try {
    const how = await followFarmRender(url, renderId, { emit: (e) => sink.next(e), note, stop$: stop$.asObservable() });
    if (how === 'detached') note(`the render goes on on the farm; follow it again with: dreamreel render --redis ${redactUrl(url)} --attach ${renderId}`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await sink.close();
  }
}

/** Queues the render on the farm, and follows it unless --detach. */
export async function submitToFarm(url: string, input: string, o: RenderOptionsOut, farm: FarmOptionsOut, flags: OutputFlags): Promise<void> {
  const { renderId, frames, chunks } = await submitFarmRender(url, input, o, farm);
  if (farm.detach) {
    process.stdout.write(`${renderId}\n`);
    process.stderr.write(
      `queued ${renderId}: ${frames} frames in ${chunks} chunk(s); follow it with dreamreel render --redis ${redactUrl(url)} --attach ${renderId}\n`,
    );
    return;
  }
  await followFarm(url, renderId, flags);
}
