import type { Command } from 'commander';
import { DreamreelError } from '../errors.js';
import type { Network } from '../dream/network/graph.js';
import { Objective } from '../dream/objectives/index.js';
import type { DreamSettings } from '../dream/settings.js';
import { buildObjective, parseLayers, type ObjectiveSpec } from './objective-spec.js';
import { folderOrAbsent, integerIn, invalid, numberIn, oneOf } from './validate.js';

/** Flags shared by the commands that make many frames (render, zoom). */
export interface RawFrameFlags {
  stepsNext?: string;
  octavesNext?: string;
  blend?: string;
  crf?: string;
  framesDir?: string;
  fps?: string;
  resume?: boolean;
  restart?: boolean;
  layerSchedule?: string;
  scheduleMode?: string;
}

export function addFrameOptions(cmd: Command, defaults: { stepsNext: number; blend?: number }): Command {
  cmd.option('--steps-next <n>', 'steps per octave for frames that start from the previous dream', String(defaults.stepsNext));
  // Measured on a panned photograph: refining only at full resolution halves flicker (0.67 -> 0.51 of
  // per-frame dreaming) while the coarse structure still arrives, carried from the frames before.
  cmd.option('--octaves-next <n>', 'octaves for frames that start from the previous dream: the start is already dreamed at every scale', '1');
  if (defaults.blend !== undefined) cmd.option('--blend <k>', 'how much dream is carried onto the next frame (0-1): of the first frame\'s strength (--carry steady), of the previous dream (--carry fade)', String(defaults.blend));
  return cmd
    .option('--crf <q>', 'H.264/VP9 quality: lower is better and larger', '18')
    .option('--frames-dir <dir>', 'also write every dreamed frame there as PNG')
    .option('--layer-schedule <keys>', 'change layers over time: "0=inception_4c/output;48=inception_4d/output[12]"')
    .option('--schedule-mode <mode>', 'switch at each key, or blend between keys', 'blend')
    .option('--resume', 'continue an interrupted render from its last finished frame')
    .option('--restart', 'discard an interrupted render of the same output and start over');
}

export interface FrameSettings {
  readonly next: DreamSettings;
  readonly blend: number;
  readonly crf: number;
}

export function frameSettings(f: RawFrameFlags, first: DreamSettings): FrameSettings {
  if (f.resume && f.restart) throw new DreamreelError('--resume and --restart contradict each other');
  if (f.framesDir) folderOrAbsent('--frames-dir', f.framesDir);
  return {
    next: { ...first, steps: integerIn('--steps-next', f.stepsNext ?? 5, 1, 1000), octaves: integerIn('--octaves-next', f.octavesNext ?? 1, 1, 12) },
    blend: numberIn('--blend', f.blend ?? 0.7, 0, 1),
    crf: integerIn('--crf', f.crf ?? 18, 0, 51),
  };
}

/** --layer-schedule's keys, parsed without a model (farm workers check a job's schedule before loading one). */
export function layerScheduleKeys(raw: string): { frame: number; layers: ReturnType<typeof parseLayers> }[] {
  return raw.split(';').map((part) => {
    const m = /^\s*(\d+)\s*=\s*(.+)$/.exec(part);
    if (!m) throw invalid('--layer-schedule', 'keys such as 0=inception_4c/output;48=inception_4d/output', part);
    return { frame: Number(m[1]), layers: parseLayers(m[2]!) };
  });
}

/** The objective of frame i: fixed, or from --layer-schedule keys, switched or blended. */
export function objectiveSchedule(session: { network: Network; spec: ObjectiveSpec; objective: Objective; guided: boolean }, f: RawFrameFlags): (index: number) => Objective {
  const { network: net, spec: base } = session;
  if (!f.layerSchedule) return () => session.objective;
  if (session.guided) throw new DreamreelError('--layer-schedule and --guide cannot be combined');
  const mode = oneOf('--schedule-mode', f.scheduleMode ?? 'blend', ['switch', 'blend'] as const);
  const keys = layerScheduleKeys(f.layerSchedule).map((k) => ({ frame: k.frame, objective: buildObjective(net, { ...base, layers: k.layers }) }));
  keys.sort((a, b) => a.frame - b.frame);
  return (index) => {
    let i = keys.length - 1;
    while (i > 0 && keys[i]!.frame > index) i--;
    const a = keys[i]!;
    const b = keys[i + 1];
    if (mode === 'switch' || !b || index <= a.frame) return a.objective;
    const t = (index - a.frame) / (b.frame - a.frame);
    return Objective.sum([a.objective.times(1 - t), b.objective.times(t)]);
  };
}
