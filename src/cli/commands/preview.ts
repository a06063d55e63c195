import type { Command } from 'commander';
import { extname } from 'node:path';
import { dream } from '../../dream/ascent.js';
import { DEFAULT_MODEL } from '../../dream/models/registry.js';
import { DreamreelError } from '../../errors.js';
import { addDreamOptions, backendName, dreamSettings, type RawDreamFlags } from '../dream-options.js';
import { applyPreset } from '../presets.js';
import { addMaskOptions } from '../../options/mask-flags.js';
import { checkDreamSizeOrClose } from '../dream-size.js';
import { existingFile, IMAGE_FORMATS, integerIn, oneOf, outputFormat, writableOutput } from '../validate.js';

interface PreviewFlags extends RawDreamFlags {
  frame?: string;
  size?: string;
  output?: string;
  columns?: string;
  graphics?: string;
  mask?: string;
  showMask?: boolean;
}

const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'];

/** A picture, or frame N of a clip, at most `side` pixels long. */
async function pictureFrom(path: string, frame: number, side: number) {
  if (IMAGE_EXTENSIONS.includes(extname(path).toLowerCase())) return (await import('../../pipeline/image-io.js')).readImage(path, side);
  const [{ probeVideo }, { decodeFrames }] = await Promise.all([import('../../pipeline/probe.js'), import('../../pipeline/decode-frames.js')]);
  const info = await probeVideo(path);
  if (frame >= info.frames) throw new DreamreelError(`--frame ${frame} is past the end of ${path} (${info.frames} frames)`);
  const scale = side / Math.max(info.width, info.height);
  const frames = decodeFrames(path, { width: Math.round((info.width * scale) / 2) * 2, height: Math.round((info.height * scale) / 2) * 2, start: frame / info.fps });
  const first = await frames.next();
  await frames.return(undefined);
  if (first.done) throw new DreamreelError(`no frame ${frame} in ${path}`);
  return first.value;
}

export function previewCommand(program: Command): void {
  const cmd = program
    .command('preview')
    .description('dream one frame quickly and show it in the terminal: for trying layers and presets')
    .argument('<input>', 'picture or clip')
    .option('--frame <n>', 'frame of a clip to dream', '0')
    .option('-s, --size <px>', 'longest side to dream at', '256')
    .option('--columns <n>', 'terminal columns to draw', String(Math.min(80, process.stdout.columns ?? 80)))
    .option('-o, --output <file>', 'also save the dreamed frame')
    .option('--graphics <how>', 'auto (kitty or iTerm2 images where the terminal has them), kitty, iterm2 or blocks', 'auto')
    .addHelpText('after', '\nExamples:\n  dreamreel preview clip.mp4 --frame 48 -l inception_4d/output\n  dreamreel preview still.jpg --preset eyes-and-animals');
  addDreamOptions(cmd);
  addMaskOptions(cmd);
  cmd.action(async (input: string, typed: PreviewFlags, command: Command) => {
    const flags = applyPreset(typed, command, DEFAULT_MODEL);
    // Loaded here, not at start-up: sharp, the model readers and the engines are heavy.
    const [{ writeImage }, { detectGraphics, terminalImage }, { openSession }] = await Promise.all([
      import('../../pipeline/image-io.js'), import('../../tui/terminal-image.js'), import('../session.js'),
    ]);
    const settings = dreamSettings(flags);
    backendName(flags);
    const side = integerIn('--size', flags.size ?? 256, 32, 2048);
    const columns = integerIn('--columns', flags.columns ?? 80, 8, 400);
    const how = oneOf('--graphics', flags.graphics ?? 'auto', ['auto', 'kitty', 'iterm2', 'blocks'] as const);
    const graphics = how === 'auto' ? detectGraphics() : how;
    if (flags.output) outputFormat(writableOutput(flags.output), IMAGE_FORMATS);
    const picture = await pictureFrom(existingFile('input', input), integerIn('--frame', flags.frame ?? 0, 0, 1e9), side);
    const mask = await (await import('../../pipeline/mask-preview.js')).previewMask(flags, picture, integerIn('--frame', flags.frame ?? 0, 0, 1e9), input);
    const session = await openSession(flags, (line) => process.stderr.write(line + '\n'));
    await checkDreamSizeOrClose(session, { width: picture.width, height: picture.height, tileSize: settings.tileSize });
    try {
      const result = await dream(session.engine, picture, session.objective, settings, mask ? { weight: mask } : {});
      const shown = mask && flags.showMask ? (await import('../../image/mask-overlay.js')).showMask(result, mask) : result;
      process.stdout.write((await terminalImage(shown, columns, graphics)) + '\n');
      process.stderr.write(`${session.model} · ${session.objective.description} · ${session.engine.name}\n`);
      if (flags.output) await writeImage(shown, flags.output);
    } finally {
      await session.engine.dispose();
    }
  });
}
