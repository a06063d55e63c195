/**
 * A program that uses dreamreel as a user would: by its package name, resolved through the
 * package's own `exports` (run with --conditions=dreamreel-source to read src/ instead of dist/).
 * Prints one JSON line of what it saw.
 */
import { dream, DreamreelError, loadModel, render, rgbImage, zoom, type RenderEvent } from 'dreamreel';
import { lastValueFrom, toArray } from 'rxjs';

const [model, clip, outDir] = process.argv.slice(2) as [string, string, string];
const common = { model, layers: 'mixed', backend: 'ort-cpu', octaves: 1, steps: 2 } as const;

const net = await loadModel(model, { preprocess: 'tf' });
const start = rgbImage(
  24,
  20,
  Float32Array.from({ length: 24 * 20 * 3 }, (_, i) => ((i * 37) % 101) / 101),
);
const raw = await dream(start, common);
let changed = 0;
for (let i = 0; i < raw.data.length; i++) changed += Math.abs(raw.data[i]! - start.data[i]!);
const written = await dream(clip.replace(/\.mp4$/, '.png'), { ...common, output: `${outDir}/dream.png`, size: 32 });
let error = '';
try {
  await dream(start, { ...common, steps: 0 });
} catch (e) {
  error = e instanceof DreamreelError ? `DreamreelError: ${e.message}` : `other: ${String(e)}`;
}
const events: RenderEvent[] = await lastValueFrom(render(clip, { ...common, output: `${outDir}/dream.mp4`, stepsNext: 1, size: 48 }).pipe(toArray()));
const zoomed: RenderEvent[] = await lastValueFrom(
  zoom(`${outDir}/dream.png`, { ...common, output: `${outDir}/zoom.mp4`, frames: 3, stepsNext: 1, zoom: 1.1, size: 32 }).pipe(toArray()),
);
process.stdout.write(
  JSON.stringify({
    preprocess: net.preprocess,
    modulePaths: net.modulePaths,
    raw: { width: raw.width, height: raw.height, meanChange: changed / raw.data.length },
    written: { width: written.width, height: written.height },
    error,
    events: events.map((e) => e.type),
    zoomEvents: zoomed.map((e) => e.type),
  }) + '\n',
);
