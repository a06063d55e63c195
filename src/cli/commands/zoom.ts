import type { Command } from 'commander';
import { applyPreset } from '../presets.js';
import { DEFAULT_MODEL } from '../../dream/models/registry.js';
import { resolve } from 'node:path';
import { resizeImage } from '../../image/image.js';
import { addDreamOptions, backendName, dreamSettings, type RawDreamFlags } from '../dream-options.js';
import { addFrameOptions, frameSettings, type RawFrameFlags } from '../frame-options.js';
import { addOutputOptions, type OutputFlags } from '../output.js';
import { absoluteMaskPath, addMaskOptions } from '../../options/mask-flags.js';
import { distinctOutput, existingFile, integerIn, numberIn, outputFormat, pair, size, VIDEO_FORMATS, writableOutput } from '../validate.js';

interface ZoomFlags extends RawDreamFlags, RawFrameFlags, OutputFlags {
  output: string;
  size?: string;
  frames?: string;
  zoom?: string;
  rotate?: string;
  shift?: string;
  pingpong?: boolean;
}

export function zoomCommand(program: Command): void {
  const cmd = program
    .command('zoom')
    .description('infinite zoom: dream a still, then zoom, rotate and shift the dream and dream again, frame after frame')
    .argument('<still>', 'picture to start from')
    .requiredOption('-o, --output <file>', 'animation to write (.mp4, .mkv, .mov, .webm, .gif)')
    .option('-s, --size <px|WxH>', 'longest side, or exact size (default: the picture\'s, at most 640)')
    .option('--frames <n>', 'frames to make', '120')
    .option('--fps <rate>', 'frame rate', '24')
    .option('--zoom <k>', 'zoom per frame (>1 zooms in)', '1.03')
    .option('--rotate <degrees>', 'rotation per frame', '0')
    .option('--shift <dx,dy>', 'pixels the picture moves per frame', '0,0')
    .option('--pingpong', 'play forwards then backwards, for a seamless loop')
    .addHelpText('after', '\nExamples:\n  dreamreel zoom still.jpg -o zoom.mp4 --frames 240\n  dreamreel zoom still.jpg -o loop.gif --frames 48 --zoom 1.05 --rotate 0.5 --pingpong --size 320');
  addDreamOptions(cmd);
  addFrameOptions(cmd, { stepsNext: 4 });
  addOutputOptions(cmd);
  addMaskOptions(cmd);
  cmd.action(async (still: string, typed: ZoomFlags, command: Command) => {
    const flags = absoluteMaskPath(applyPreset(typed, command, DEFAULT_MODEL) as ZoomFlags & { mask?: string; showMask?: boolean });
    // Loaded here, not at start-up: sharp, rxjs, the pipeline and the engines are heavy.
    const [{ readImage }, { pictureSize }, { renderFrames }, { zoomSources }, { contentHash, evenSide, runFrames, sharedIdentity }] = await Promise.all([
      import('../../pipeline/image-io.js'), import('../../pipeline/image-size.js'), import('../../pipeline/render.js'), import('../../pipeline/zoom-sources.js'), import('../frame-run.js'),
    ]);
    const first = dreamSettings(flags);
    const frame = frameSettings(flags, first);
    backendName(flags);
    const frames = integerIn('--frames', flags.frames ?? 120, 1, 100000);
    const fps = numberIn('--fps', flags.fps ?? 24, 0.1, 240);
    const step = { zoom: numberIn('--zoom', flags.zoom ?? 1.03, 0.5, 2), rotateDegrees: numberIn('--rotate', flags.rotate ?? 0, -45, 45), shift: pair('--shift', flags.shift ?? '0,0', -100, 100) };
    writableOutput(flags.output);
    outputFormat(flags.output, VIDEO_FORMATS);
    distinctOutput(still, flags.output);
    const wanted = flags.size ? size('--size', flags.size) : { maxSide: 640 };
    const planned = await pictureSize(existingFile('still', still), wanted.maxSide);
    const [width, height] = [evenSide(wanted.width ?? planned.width), evenSide(wanted.height ?? planned.height)];
    const mask = await (await import('../../pipeline/mask-plan.js')).maskPlanFromFlags(flags, { width, height, fps, frames, output: flags.output }, 'zoom has no clip to measure, use it with render');
    await runFrames(flags, { width, height, tileSize: first.tileSize }, async (session, objectiveAt, controls) => {
      // Decoded only now that the size is known to fit.
      const source = resizeImage(await readImage(still, wanted.maxSide), width, height);
      return renderFrames(
        session.engine,
        {
          command: 'zoom', input: still, output: flags.output, width: source.width, height: source.height, fps, frames, warnings: mask.warnings, regions: (await import('../../api/regions.js')).regionObjectives(session, mask.regionSpecs), showMask: Boolean(flags.showMask), first, next: frame.next, blend: 1, crf: frame.crf,
          resume: Boolean(flags.resume),
          identity: { input: resolve(still), still: contentHash(still), step, pingpong: Boolean(flags.pingpong), ...mask.identity, ...sharedIdentity(flags, session) },
          ...(flags.framesDir ? { framesDir: flags.framesDir } : {}),
          // Back down to the second frame: the loop's ends are not shown twice.
          ...(flags.pingpong ? { tail: (written: number) => Array.from({ length: Math.max(0, written - 2) }, (_, i) => written - 2 - i) } : {}),
        },
        mask.apply(zoomSources(source, frames, () => step)),
        objectiveAt,
        controls,
      );
    });
  });
}
