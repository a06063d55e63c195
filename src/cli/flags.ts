import type { Command } from 'commander';
import { BACKENDS, CARRIES, DEFAULT_MODEL, defaultOf, flagOf, PREPROCESS_NAMES, type OptionSet } from '../api/options.js';

/**
 * How each option is spelled on the command line: the flag is derived from the option's key
 * (`octaveScale` -> `--octave-scale`), the default shown in --help is the schema's. An option
 * lives in src/options; its flag is one line here.
 */
export interface FlagSpec {
  readonly key: string;
  /** The value's placeholder, such as `<n>`; none for a switch. */
  readonly arg?: string;
  readonly short?: string;
  readonly help: string;
  /** The default as --help shows it, where it is not the schema's own (`--flow on`). */
  readonly shown?: string;
  /** `--no-audio`: a switch that turns a default-on option off. */
  readonly negate?: boolean;
  /** No default at all (`--audio <file>`, whose default `true` belongs to `--no-audio`). */
  readonly bare?: boolean;
  /** May be given many times, each adding to a list (`--region`). */
  readonly repeat?: boolean;
}

/** A default as --help shows it: lists as the flag takes them ("0,0"). */
const shownDefault = (value: unknown): string => (Array.isArray(value) ? value.join(',') : String(value));

/** For commander: a repeatable flag's values, in order. */
const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** Declares the flags on a command, with the defaults of the command's option set. */
export function addFlags(cmd: Command, set: OptionSet, specs: readonly FlagSpec[]): Command {
  for (const spec of specs) {
    const name = spec.negate ? `--no-${flagOf(spec.key).slice(2)}` : flagOf(spec.key);
    const flags = `${spec.short ? `${spec.short}, ` : ''}${name}${spec.arg ? ` ${spec.arg}` : ''}`;
    const field = set.schema.shape[spec.key];
    const fallback = spec.shown ?? (spec.arg && field ? defaultOf(field) : undefined);
    if (spec.repeat) cmd.option(flags, spec.help, collect);
    else if (fallback === undefined || spec.negate || spec.bare) cmd.option(flags, spec.help);
    else cmd.option(flags, spec.help, shownDefault(fallback));
  }
  return cmd;
}

export const PREPROCESS_FLAGS: readonly FlagSpec[] = [
  { key: 'preprocess', arg: '<kind>', help: `the model's input convention: ${PREPROCESS_NAMES.join(', ')} (default: the model's own; torch for .onnx)` },
  { key: 'mean', arg: '<r,g,b>', help: "per-channel mean subtracted after --scale, in the network's channel order" },
  { key: 'std', arg: '<r,g,b>', help: 'per-channel standard deviation divided by after the mean' },
  { key: 'bgr', help: 'the network reads channels in BGR order' },
  { key: 'scale', arg: '<k>', help: 'what a white pixel becomes before the mean: 1 (torch), 255 (caffe)' },
];

/** `--preset` is the CLI's own (presets fill flags); the rest are the dream group's options. */
export const DREAM_FLAGS: readonly FlagSpec[] = [
  { key: 'preset', short: '-p', arg: '<name|file>', help: 'start from a preset (dreamreel presets lists them); flags given here override it' },
  { key: 'model', short: '-m', arg: '<name|path>', help: `registry model, or a deploy.prototxt / model.json / .pb / .onnx path (default ${DEFAULT_MODEL})` },
  {
    key: 'layers',
    short: '-l',
    arg: '<spec>',
    help: "layers to amplify: name, name[channel], with :weight, comma-separated (default: the model's classic layer)",
  },
  { key: 'class', arg: '<index>', help: 'amplify an ImageNet class logit (models with their classifier)' },
  { key: 'guide', arg: '<image>', help: 'steer the dream towards the features of a guide picture' },
  { key: 'loss', arg: '<kind>', help: 'for --layers: meanSquare (google/deepdream L2, the default) or mean' },
  { key: 'crop', arg: '<fraction>', help: 'ignore this fraction of each border in the loss of --layers and --guide' },
  { key: 'octaves', arg: '<n>', help: 'octaves (scales) to dream at' },
  { key: 'octaveScale', arg: '<k>', help: 'size ratio between octaves (render, zoom: or a schedule)' },
  { key: 'steps', arg: '<n>', help: 'gradient steps per octave' },
  { key: 'lr', arg: '<size>', help: 'step size, in [0,1] pixel units per normalised gradient (render, zoom: or a schedule such as "0:(0.01), 48:(0.02)")' },
  { key: 'lrEnd', arg: '<size>', help: 'step size at the last step of each octave (default: --lr)' },
  { key: 'blur', arg: '<sigma>', help: 'Gaussian blur of the gradient at the first step, pixels' },
  { key: 'blurEnd', arg: '<sigma>', help: 'blur at the last step of each octave' },
  { key: 'normalise', arg: '<how>', help: 'gradient normalisation: meanAbs or std' },
  { key: 'jitter', arg: '<px>', help: 'random roll per step, pixels' },
  { key: 'flip', help: 'random horizontal flips' },
  { key: 'tileSize', arg: '<px>', help: 'largest square dreamed at once; larger frames are tiled' },
  { key: 'maxLoss', arg: '<value>', help: 'stop an octave once the loss passes this' },
  { key: 'seed', arg: '<n>', help: 'random seed: same seed, same dream' },
  { key: 'originalColors', help: "keep the source's colours, dream only the luminance" },
  { key: 'backend', arg: '<name>', help: `compute backend: ${BACKENDS.join(', ')} (default: fastest available; env DREAMREEL_BACKEND)` },
];

/** The frame flags; `--blend` only where the command carries a blend (render). */
export function frameFlags(withBlend: boolean): FlagSpec[] {
  return [
    { key: 'stepsNext', arg: '<n>', help: 'steps per octave for frames that start from the previous dream; or a schedule' },
    { key: 'octavesNext', arg: '<n>', help: 'octaves for frames that start from the previous dream: the start is already dreamed at every scale' },
    ...(withBlend
      ? [
          {
            key: 'blend',
            arg: '<k>',
            help: "how much dream is carried onto the next frame (0-1): of the first frame's strength (--carry steady), of the previous dream (--carry fade); or a schedule",
          },
        ]
      : []),
    { key: 'crf', arg: '<q>', help: 'H.264/VP9 quality: lower is better and larger' },
    { key: 'framesDir', arg: '<dir>', help: 'also write every dreamed frame there as PNG' },
    { key: 'layerSchedule', arg: '<keys>', help: 'change layers over time: "0=inception_4c/output;48=inception_4d/output[12]"' },
    { key: 'scheduleMode', arg: '<mode>', help: 'switch at each key, or blend between keys' },
    { key: 'resume', help: 'continue an interrupted render from its last finished frame' },
    { key: 'restart', help: 'discard an interrupted render of the same output and start over' },
  ];
}

export const RENDER_FLAGS: readonly FlagSpec[] = [
  { key: 'output', short: '-o', arg: '<file>', help: 'video to write (.mp4, .mkv, .mov, .webm, .gif)' },
  { key: 'size', short: '-s', arg: '<px|WxH>', help: "longest side, or exact size (default: the clip's, at most 640)" },
  { key: 'fps', arg: '<rate>', help: "output frame rate (default: the clip's)" },
  { key: 'start', arg: '<seconds>', help: 'begin this far into the clip' },
  { key: 'duration', arg: '<seconds>', help: 'dream only this much of the clip' },
  { key: 'flow', arg: '<on|off>', shown: 'on', help: 'carry the dream along the optical flow (off: every frame dreamed alone, for comparison)' },
  {
    key: 'carry',
    arg: `<${CARRIES.join('|')}>`,
    help: "steady: the carried dream keeps the first frame's strength; fade: dreamreel 0.1's, which pales after the first frame",
  },
  // Before --no-audio: the flag is then undefined (the clip's sound), false or a song.
  { key: 'audio', arg: '<file>', bare: true, help: "a song that replaces the clip's sound (default: the clip's own); its features drive schedules" },
  { key: 'audioSmooth', arg: '<attack,decay>', help: "smooth the song's features: seconds to rise and to fall, such as 0.05,0.5" },
  { key: 'audio', negate: true, help: "drop the clip's audio" },
];

export const ZOOM_FLAGS: readonly FlagSpec[] = [
  { key: 'size', short: '-s', arg: '<px|WxH>', help: "longest side, or exact size (default: the picture's, at most 640)" },
  { key: 'frames', arg: '<n>', help: 'frames to make (default: 120; with --audio, as many as the song lasts)' },
  { key: 'fps', arg: '<rate>', help: 'frame rate' },
  { key: 'zoom', arg: '<k>', help: 'zoom per frame (>1 zooms in); or a schedule such as "0:(1), 48:(1.05)"' },
  { key: 'rotate', arg: '<degrees>', help: 'rotation per frame; or a schedule' },
  { key: 'shift', arg: '<dx,dy>', help: 'pixels the picture moves per frame; each may be a schedule in parentheses: "(0:(0), 48:(4)), 0"' },
  { key: 'pingpong', help: 'play forwards then backwards, for a seamless loop' },
  { key: 'audio', arg: '<file>', help: 'a song: the zoom lasts as long as it (unless --frames is given), plays it, and its features drive schedules' },
  { key: 'audioSmooth', arg: '<attack,decay>', help: "smooth the song's features: seconds to rise and to fall, such as 0.05,0.5" },
];

export const FARM_FLAGS: readonly FlagSpec[] = [
  { key: 'redis', arg: '<url>', help: 'render on a farm: queue chunks in this Redis for `dreamreel worker`s (default: $DREAMREEL_REDIS)' },
  { key: 'chunkFrames', arg: '<n>', help: 'farm: frames per chunk, where no scene cut is near' },
  { key: 'preroll', arg: '<n>', help: 'farm: frames dreamed (not written) before a chunk that does not start at a cut' },
  { key: 'seamFrames', arg: '<n>', help: "farm: frames cross-faded from one chunk's dream into the next where they meet (0: a hard join)" },
  { key: 'detach', help: 'farm: queue the render, print its id and return' },
  { key: 'attach', arg: '<id>', help: 'farm: follow a queued render again' },
  { key: 'redisCa', arg: '<file>', help: 'farm: PEM certificate authority of a rediss:// (TLS) Redis (default: $DREAMREEL_REDIS_CA)' },
];

/** `--redis-ca` on the farm's other commands (worker, status, cancel, dashboard). */
export const REDIS_CA_FLAGS: readonly FlagSpec[] = [
  { key: 'redisCa', arg: '<file>', help: 'PEM certificate authority of a rediss:// Redis (default: $DREAMREEL_REDIS_CA)' },
];

export const WORKER_ROOT_FLAGS: readonly FlagSpec[] = [
  {
    key: 'root',
    arg: '<dir>',
    help: 'every input, output, model, guide, mask and audio path of a job must lead inside this folder (default: the current folder)',
  },
];

export const DASHBOARD_FLAGS: readonly FlagSpec[] = [
  { key: 'port', arg: '<n>', help: 'port to listen on (0: any free one)' },
  { key: 'host', arg: '<address>', help: 'address to listen on; any but loopback needs --token' },
  { key: 'token', arg: '<secret>', help: 'required on any host but loopback; the page asks for it once (default: $DREAMREEL_DASHBOARD_TOKEN)' },
];

export const MASK_FLAGS: readonly FlagSpec[] = [
  {
    key: 'mask',
    arg: '<file|motion|still>',
    help: 'dream only where this picture or video is light (white full, black none), or where the clip moves (motion) or stays (still)',
  },
  { key: 'maskInvert', help: 'dream where the mask is dark instead' },
  { key: 'maskFeather', arg: '<px>', help: "soften the mask's edge over about this many pixels" },
  { key: 'maskThreshold', arg: '<0-1>', help: 'grey at or above this dreams fully, below not at all (default: grey levels are weights)' },
  {
    key: 'showMask',
    help: 'draw the mask over the live preview: blue where nothing dreams, a yellow line along its edge (outputs are unchanged; preview saves what it shows)',
  },
  {
    key: 'region',
    arg: '<mask=spec>',
    repeat: true,
    help: 'dream this region with its own layers or preset (repeatable), e.g. sky.png=inception_4d/output[139]',
  },
];
