import type { Command } from 'commander';
import { basename } from 'node:path';
import { distinctOutput, writableOutput } from '../validate.js';

interface AudioFlags {
  fps?: string;
  json?: boolean;
  plot?: string;
  keyframes?: string;
  audioSmooth?: string;
}

export function audioCommand(program: Command): void {
  program
    .command('audio')
    .description('describe a song per video frame (rms, bass, mid, treble, onset, beat, each 0..1), for --audio and schedules')
    .argument('<file>', 'song, or video with sound (anything ffmpeg reads)')
    .option('--fps <rate>', 'video frame rate the features are given at', '24')
    .option('--json', 'one JSON document instead of a JSON line per frame')
    .option('--plot <out.png>', 'draw the features against time')
    .option('--keyframes <feature>', 'print one feature as a Deforum keyframe string: rms, bass, mid, treble, onset or beat')
    .option('--audio-smooth <attack,decay>', 'smooth every feature: seconds to rise and to fall, such as 0.05,0.5')
    .addHelpText('after', '\nExamples:\n  dreamreel audio song.mp3 --fps 12 --plot song.png\n  dreamreel audio song.mp3 --keyframes bass --audio-smooth 0,0.3')
    .action(async (file: string, flags: AudioFlags) => {
      // zod and the analysis load only when the command runs.
      const [{ audioCommandSchema, parseAudio }, audio] = await Promise.all([import('../../options/audio.js'), import('../../audio/index.js')]);
      const options = parseAudio(audioCommandSchema, { ...flags, json: Boolean(flags.json) });
      if (options.plot) {
        writableOutput(options.plot);
        distinctOutput(file, options.plot);
      }
      const analysis = await audio.analyseAudio(file, options.fps, options.audioSmooth ? { smooth: options.audioSmooth } : {});
      if (options.plot) await audio.plotFeatures(analysis, options.plot, basename(file));
      const print = (text: string) => process.stdout.write(text + '\n');
      if (options.keyframes) print(audio.keyframeString(analysis.features[options.keyframes]));
      else if (options.json) print(JSON.stringify(audio.featureDocument(analysis, file)));
      else if (!options.plot) for (const line of audio.featureLines(analysis)) print(line);
    });
}
