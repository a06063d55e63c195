import type { Command } from 'commander';
import { applyPreset } from '../presets.js';
import { DEFAULT_MODEL } from '../../dream/models/registry.js';
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { DreamreelError } from '../../errors.js';
import { addDreamOptions, backendName, dreamSettings, type RawDreamFlags } from '../dream-options.js';
import { addFrameOptions, frameSettings, type RawFrameFlags } from '../frame-options.js';
import { addOutputOptions, type OutputFlags } from '../output.js';
import { addFarmOptions, farmUrl, type FarmFlags } from '../farm-options.js';
import { absoluteMaskPath, addMaskOptions } from '../../options/mask-flags.js';

interface RenderFlags extends RawDreamFlags, RawFrameFlags, OutputFlags, FarmFlags {
  output: string;
  size?: string;
  start?: string;
  duration?: string;
  flow?: string;
  carry?: string;
  audio?: boolean;
}

export function renderCommand(program: Command): void {
  const cmd = program
    .command('render')
    .description('dream a video clip, each frame starting from the previous dream carried along the optical flow')
    .argument('[input]', 'video clip (anything ffmpeg reads)')
    .option('-o, --output <file>', 'video to write (.mp4, .mkv, .mov, .webm, .gif)')
    .option('-s, --size <px|WxH>', 'longest side, or exact size (default: the clip\'s, at most 640)')
    .option('--fps <rate>', 'output frame rate (default: the clip\'s)')
    .option('--start <seconds>', 'begin this far into the clip')
    .option('--duration <seconds>', 'dream only this much of the clip')
    .option('--flow <on|off>', 'carry the dream along the optical flow (off: every frame dreamed alone, for comparison)', 'on')
    .option('--carry <steady|fade>', 'steady: the carried dream keeps the first frame\'s strength; fade: dreamreel 0.1\'s, which pales after the first frame', 'steady')
    .option('--no-audio', "drop the clip's audio")
    .addHelpText('after', '\nExamples:\n  dreamreel render clip.mp4 -o dream.mp4\n  dreamreel render clip.mp4 -o dream.mp4 --size 640 --steps-next 4 --blend 0.8\n  dreamreel render clip.mp4 -o dream.mp4 --resume      # after Ctrl-C');
  addDreamOptions(cmd);
  addFrameOptions(cmd, { stepsNext: 5, blend: 1 });
  addOutputOptions(cmd);
  addFarmOptions(cmd);
  addMaskOptions(cmd);
  cmd.action(async (input: string | undefined, typed: RenderFlags, command: Command) => {
    const flags = absoluteMaskPath(applyPreset(typed, command, DEFAULT_MODEL) as RenderFlags & { mask?: string; showMask?: boolean });
    const farm = farmUrl(flags);
    if (farm && flags.attach) return (await import('../farm-render.js')).followFarmRender(farm, flags.attach, flags);
    if (!input || !flags.output) throw new DreamreelError(input ? 'render needs -o/--output <file>' : 'render needs an input clip (or --attach ID with --redis)');
    // Loaded here, not at start-up: ffmpeg bindings, rxjs, the pipeline and the engines are heavy.
    const [{ planClip }, { renderFrames }, { videoSources }, { runFrames, sharedIdentity }] = await Promise.all([
      import('../clip-plan.js'), import('../../pipeline/render.js'), import('../../pipeline/video-sources.js'), import('../frame-run.js'),
    ]);
    const first = dreamSettings(flags);
    const frame = frameSettings(flags, first);
    backendName(flags);
    if (farm) (await import('../farm-render.js')).checkFarmable(resolve(flags.output), flags);
    const clip = await planClip(input, flags as RenderFlags & { output: string });
    const { width, height, fps, frames, warnings, flow, carry, start, duration, info, range } = clip;
    const mask = await (await import('../../pipeline/mask-plan.js')).maskPlanFromFlags(flags, { width, height, fps, frames, ...range, output: flags.output }, flow ? undefined : 'it needs --flow on');
    if (farm) {
      const identity = { input: resolve(input), bytes: statSync(input).size, flow, start, duration, ...mask.identity, objective: flags.layerSchedule ?? flags.layers, model: flags.model ?? DEFAULT_MODEL };
      const job = { input, output: flags.output, width, height, fps, frames, flow, identity, ...range, ...(flags.audio !== false && info.audioCodec ? { audioCodec: info.audioCodec } : {}) };
      return (await import('../farm-render.js')).submitFarmRender(farm, job, flags as unknown as Record<string, unknown>);
    }
    await runFrames(flags, { width, height, tileSize: first.tileSize }, async (session, objectiveAt, controls) =>
      renderFrames(
        session.engine,
        {
          command: 'render', input, output: flags.output, width, height, fps, frames, warnings: [...warnings, ...mask.warnings], regions: (await import('../../api/regions.js')).regionObjectives(session, mask.regionSpecs), showMask: Boolean(flags.showMask), first, next: frame.next, blend: frame.blend, carry, crf: frame.crf,
          resume: Boolean(flags.resume),
          identity: { input: resolve(input), bytes: statSync(input).size, flow, start, duration, ...mask.identity, ...sharedIdentity(flags, session) },
          ...(flags.framesDir ? { framesDir: flags.framesDir } : {}),
          ...(flags.audio !== false && info.audioCodec ? { audioFrom: { path: input, codec: info.audioCodec, ...range } } : {}),
        },
        mask.apply(videoSources(input, { width, height, ...(flags.fps ? { fps } : {}), ...range }, flow)),
        objectiveAt,
        controls,
      ),
    );
  });
}
