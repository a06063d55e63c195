/**
 * The library's checks, through the package's public entry point (run with
 * --conditions=dreamreel-source): every refusal the CLI makes, the library makes too.
 * Prints one JSON line: each case's error message (or "no error") and what stayed on disk.
 */
import { copyFileSync, readFileSync, symlinkSync } from 'node:fs';
import { dream, DreamreelError, render, zoom } from 'dreamreel';
import { filter, firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';

const [model, clip, picture, other, dir, googlenet] = process.argv.slice(2) as [string, string, string, string, string, string | undefined];
const common = { model, layers: 'mixed', backend: 'ort-cpu', octaves: 1, steps: 1 } as const;
const frames = { ...common, stepsNext: 1 } as const;

async function refusal(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
    return 'no error';
  } catch (e) {
    return e instanceof DreamreelError ? e.message : `other: ${String(e)}`;
  }
}
const events = (o: Observable<unknown>): Promise<unknown> => lastValueFrom(o.pipe(toArray()));
/** Dreams until the first frame is checkpointed, then stops (unsubscribes), as Ctrl-C would. */
const firstFrame = (o: Observable<{ type: string }>): Promise<unknown> => firstValueFrom(o.pipe(filter((e) => e.type === 'frame-done')));

const a = `${dir}/a.png`;
copyFileSync(picture, a);
const before = readFileSync(a);
symlinkSync(a, `${dir}/link.png`);
const seen: Record<string, unknown> = {};
seen.sameFile = await refusal(() => dream(a, { ...common, output: a, size: 32 }));
seen.symlink = await refusal(() => dream(a, { ...common, output: `${dir}/link.png`, size: 32 }));
seen.untouched = Buffer.compare(before, readFileSync(a)) === 0;
// The format is checked before the model is even looked for.
seen.format = await refusal(() => dream(a, { ...common, model: `${dir}/missing.onnx`, output: `${dir}/d.bmp` }));
seen.zoomFormat = await refusal(() => events(zoom(a, { ...frames, output: `${dir}/z.png`, frames: 2, size: 32 })));
seen.renderSame = await refusal(() => events(render(clip, { ...frames, output: clip, size: 32 })));
seen.camelCase = await refusal(() => events(zoom(a, { ...frames, output: `${dir}/z.mp4`, tileSize: 16 })));
// The size check (the network's smallest input, this machine's memory), before anything is decoded.
if (googlenet) {
  const deep = { model: googlenet, layers: 'inception_4c/output', octaves: 1, steps: 1 } as const;
  seen.tooSmall = await refusal(() => dream(a, { ...deep, size: 16 }));
  seen.zoomTooSmall = await refusal(() => events(zoom(a, { ...deep, output: `${dir}/small.mp4`, frames: 2, size: 16 })));
}
// The output lock: a live process (the test runner) holds it.
seen.locked = await refusal(() => events(render(clip, { ...frames, output: `${dir}/locked.mp4`, size: 32 })));
// Resume identity: the still by content, the schedule mode, the guide by content.
const still = `${dir}/still.png`;
copyFileSync(picture, still);
const zoomed = { ...frames, output: `${dir}/resume.mp4`, frames: 4, size: 32 };
await firstFrame(zoom(still, zoomed));
copyFileSync(other, still);
seen.stillChanged = await refusal(() => events(zoom(still, { ...zoomed, resume: true })));
const scheduled = { ...frames, output: `${dir}/scheduled.mp4`, frames: 4, size: 32, layerSchedule: '0=mixed;2=mixed:0.5' };
await firstFrame(zoom(still, { ...scheduled, scheduleMode: 'switch' }));
seen.modeChanged = await refusal(() => events(zoom(still, { ...scheduled, scheduleMode: 'blend', resume: true })));
const guide = `${dir}/guide.png`;
copyFileSync(picture, guide);
const guided = { ...frames, output: `${dir}/guided.mp4`, frames: 4, size: 32, guide };
await firstFrame(zoom(still, guided));
copyFileSync(other, guide);
seen.guideChanged = await refusal(() => events(zoom(still, { ...guided, resume: true })));
process.stdout.write(JSON.stringify(seen) + '\n');
