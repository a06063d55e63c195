import { measureFlicker } from '../pipeline/flicker.js';
import { probeVideo } from '../pipeline/probe.js';
import { existingFile } from './checks.js';

/** A dream video's flicker against the clip it was dreamed from, and its dream strength. */
export async function flickerReport(video: string, source: string): Promise<Awaited<ReturnType<typeof measureFlicker>>> {
  const info = await probeVideo(existingFile('video', video));
  await probeVideo(existingFile('--source', source));
  return measureFlicker(video, source, info.width, info.height);
}
