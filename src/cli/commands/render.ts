import type { Command } from 'commander';
import { DEFAULT_MODEL, farmOptions, parseFlags, renderOptions } from '../../api/options.js';
import { DreamreelError } from '../../errors.js';
import { addFlags, DREAM_FLAGS, MASK_FLAGS, FARM_FLAGS, frameFlags, PREPROCESS_FLAGS, RENDER_FLAGS } from '../flags.js';
import { addOutputOptions, type OutputFlags } from '../output.js';
import { applyPreset } from '../presets.js';
import { farmUrl } from '../farm-url.js';

type RenderFlags = OutputFlags & {
  output?: string;
  preset?: string;
  model?: string;
  layers?: string;
  redis?: string;
  redisCa?: string;
  attach?: string;
  detach?: boolean;
};

export function renderCommand(program: Command): void {
  const cmd = program
    .command('render')
    .description('dream a video clip, each frame starting from the previous dream carried along the optical flow')
    .argument('[input]', 'video clip (anything ffmpeg reads)')
    .addHelpText(
      'after',
      '\nExamples:\n  dreamreel render clip.mp4 -o dream.mp4\n  dreamreel render clip.mp4 -o dream.mp4 --size 640 --steps-next 4 --blend 0.8\n  dreamreel render clip.mp4 -o dream.mp4 --resume      # after Ctrl-C',
    );
  addFlags(cmd, renderOptions, [...RENDER_FLAGS, ...PREPROCESS_FLAGS, ...DREAM_FLAGS, ...frameFlags(true)]);
  addOutputOptions(cmd);
  addFlags(cmd, farmOptions, FARM_FLAGS);
  addFlags(cmd, renderOptions, MASK_FLAGS);
  cmd.action(async (input: string | undefined, typed: RenderFlags, command: Command) => {
    const flags = applyPreset(typed, command, DEFAULT_MODEL);
    const farm = farmUrl(flags);
    if (farm && flags.attach) return (await import('../farm-follow.js')).followFarm(farm, flags.attach, flags);
    if (!input || !flags.output)
      throw new DreamreelError(input ? 'render needs -o/--output <file>' : 'render needs an input clip (or --attach ID with --redis)');
    const o = parseFlags(renderOptions, flags);
    if (farm) return (await import('../farm-follow.js')).submitToFarm(farm, input, o, parseFlags(farmOptions, flags), flags);
    // Loaded here, not at start-up: ffmpeg bindings, rxjs, the pipeline and the engines are heavy.
    const [{ prepareRender }, { runFrames }] = await Promise.all([import('../../api/render.js'), import('../run-frames.js')]);
    const log = (line: string): void => void process.stderr.write(line + '\n');
    await runFrames(flags, await prepareRender(input, o, { surface: 'cli', log, ...(flags.preset ? { preset: flags.preset } : {}) }));
  });
}
