import type { Command } from 'commander';
import type { AudioCommandFlags } from '../../api/audio.js';

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
    .action(async (file: string, flags: AudioCommandFlags) => {
      // zod and the analysis load only when the command runs.
      const { describeSong } = await import('../../api/audio.js');
      for (const line of await describeSong(file, flags)) process.stdout.write(line + '\n');
    });
}
