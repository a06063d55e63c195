import type { Command } from 'commander';
import { DEFAULT_MODEL, parseFlags, zoomOptions } from '../../api/options.js';
import { addFlags, DREAM_FLAGS, MASK_FLAGS, frameFlags, PREPROCESS_FLAGS, ZOOM_FLAGS } from '../flags.js';
import { addOutputOptions, type OutputFlags } from '../output.js';
import { applyPreset } from '../presets.js';

type ZoomFlags = OutputFlags & { output: string; preset?: string; model?: string; layers?: string };

export function zoomCommand(program: Command): void {
  const cmd = program
    .command('zoom')
    .description('infinite zoom: dream a still, then zoom, rotate and shift the dream and dream again, frame after frame')
    .argument('<still>', 'picture to start from')
    .requiredOption('-o, --output <file>', 'animation to write (.mp4, .mkv, .mov, .webm, .gif)')
    .addHelpText(
      'after',
      '\nExamples:\n  dreamreel zoom still.jpg -o zoom.mp4 --frames 240\n  dreamreel zoom still.jpg -o loop.gif --frames 48 --zoom 1.05 --rotate 0.5 --pingpong --size 320\n  dreamreel zoom still.jpg -o ease.mp4 --frames 96 --zoom "0:(1)~ease-in-out, 48:(1.05), 96:(1)" --rotate "2*sin(2*pi*s/4)"',
    );
  addFlags(cmd, zoomOptions, [...ZOOM_FLAGS, ...PREPROCESS_FLAGS, ...DREAM_FLAGS, ...frameFlags(false)]);
  addOutputOptions(cmd);
  addFlags(cmd, zoomOptions, MASK_FLAGS);
  cmd.action(async (still: string, typed: ZoomFlags, command: Command) => {
    const flags = applyPreset(typed, command, DEFAULT_MODEL);
    const o = parseFlags(zoomOptions, flags);
    // Loaded here, not at start-up: sharp, rxjs, the pipeline and the engines are heavy.
    const [{ prepareZoom }, { runFrames }] = await Promise.all([import('../../api/zoom.js'), import('../run-frames.js')]);
    const log = (line: string): void => void process.stderr.write(line + '\n');
    await runFrames(flags, await prepareZoom(still, o, { surface: 'cli', log, ...(flags.preset ? { preset: flags.preset } : {}) }));
  });
}
