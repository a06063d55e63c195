import type { Command } from 'commander';
import { applyPreset } from '../presets.js';
import { DEFAULT_MODEL } from '../../dream/models/registry.js';
import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import { probeVideo } from '../../pipeline/probe.js';
import { renderFrames } from '../../pipeline/render.js';
import { videoSources } from '../../pipeline/video-sources.js';
import { addDreamOptions, backendName, dreamSettings, type RawDreamFlags } from '../dream-options.js';
import { addFrameOptions, frameSettings, type RawFrameFlags } from '../frame-options.js';
import { evenSide, runFrames } from '../frame-run.js';
import { addOutputOptions, type OutputFlags } from '../output.js';
import { existingFile, numberIn, oneOf, size, writableOutput } from '../validate.js';
import { DreamreelError } from '../../errors.js';
import { addFarmOptions, farmUrl, followFarmRender, submitFarmRender, type FarmFlags } from '../farm-render.js';

interface RenderFlags extends RawDreamFlags, RawFrameFlags, OutputFlags, FarmFlags {
  output: string;
  size?: string;
  start?: string;
  duration?: string;
  flow?: string;
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
    .option('--no-audio', "drop the clip's audio")
    .addHelpText('after', '\nExamples:\n  dreamreel render clip.mp4 -o dream.mp4\n  dreamreel render clip.mp4 -o dream.mp4 --size 640 --steps-next 4 --blend 0.8\n  dreamreel render clip.mp4 -o dream.mp4 --resume      # after Ctrl-C');
  addDreamOptions(cmd);
  addFrameOptions(cmd, { stepsNext: 5, blend: 0.7 });
  addOutputOptions(cmd);
  addFarmOptions(cmd);
  cmd.action(async (input: string | undefined, typed: RenderFlags, command: Command) => {
    const flags = applyPreset(typed, command, DEFAULT_MODEL);
    const farm = farmUrl(flags);
    if (farm && flags.attach) return followFarmRender(farm, flags.attach, flags);
    if (!input || !flags.output) throw new DreamreelError(input ? 'render needs -o/--output <file>' : 'render needs an input clip (or --attach ID with --redis)');
    const first = dreamSettings(flags);
    const frame = frameSettings(flags, first);
    backendName(flags);
    const flow = oneOf('--flow', flags.flow ?? 'on', ['on', 'off'] as const) === 'on';
    const start = flags.start === undefined ? undefined : numberIn('--start', flags.start, 0, 1e6);
    const duration = flags.duration === undefined ? undefined : numberIn('--duration', flags.duration, 0.01, 1e6);
    writableOutput(flags.output);
    const info = await probeVideo(existingFile('input', input));
    const wanted = flags.size ? size('--size', flags.size) : { maxSide: Math.min(640, Math.max(info.width, info.height)) };
    const scale = wanted.maxSide ? wanted.maxSide / Math.max(info.width, info.height) : 1;
    const width = evenSide(wanted.width ?? info.width * scale);
    const height = evenSide(wanted.height ?? info.height * scale);
    const fps = flags.fps === undefined ? info.fps : numberIn('--fps', flags.fps, 0.1, 240);
    const seconds = Math.max(0, Math.min(duration ?? Infinity, info.duration - (start ?? 0)));
    const frames = Math.max(1, Math.round(seconds * fps)) || info.frames;
    if (farm) {
      const identity = { input: resolve(input), bytes: statSync(input).size, flow, start, duration, objective: flags.layerSchedule ?? flags.layers, model: flags.model ?? DEFAULT_MODEL };
      return submitFarmRender(farm, { input, output: flags.output, width, height, fps, frames, flow, identity, ...(start ? { start } : {}), ...(duration ? { duration } : {}), ...(flags.audio !== false && info.audioCodec ? { audioCodec: info.audioCodec } : {}) }, flags as unknown as Record<string, unknown>);
    }
    await runFrames(flags, (session, objectiveAt, controls) =>
      renderFrames(
        session.engine,
        {
          command: 'render', input, output: flags.output, width, height, fps, frames, first, next: frame.next, blend: frame.blend, crf: frame.crf,
          resume: Boolean(flags.resume),
          identity: { input: resolve(input), bytes: statSync(input).size, flow, start, duration, objective: flags.layerSchedule ?? session.objective.description, model: session.model },
          ...(flags.framesDir ? { framesDir: flags.framesDir } : {}),
          ...(flags.audio !== false && info.audioCodec ? { audioFrom: { path: input, codec: info.audioCodec, ...(start ? { start } : {}), ...(duration ? { duration } : {}) } } : {}),
        },
        videoSources(input, { width, height, ...(flags.fps ? { fps } : {}), ...(start ? { start } : {}), ...(duration ? { duration } : {}) }, flow),
        objectiveAt,
        controls,
      ),
    );
  });
}
