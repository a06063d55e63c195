/** What either prober reads from a clip, before it is checked and turned into VideoInfo. */
export interface ProbedStreams {
  readonly width?: number;
  readonly height?: number;
  readonly fps: number;
  readonly declaredFrames?: number;
  readonly duration: number;
  readonly rotation: number;
  readonly audioCodec?: string;
}


function seconds(clock: string): number {
  const [h, m, s] = clock.split(':').map(Number);
  return h! * 3600 + m! * 60 + s!;
}

/**
 * Reads what `ffmpeg -i` prints about its input:
 *   Duration: 00:00:01.42, start: 0.000000, bitrate: 459 kb/s
 *   Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 320x180 [SAR 1:1 DAR 16:9], 499 kb/s, 12 fps, 12 tbr, …
 *       displaymatrix: rotation of 90.00 degrees
 *   Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 49 kb/s
 * Undefined when it names no video stream.
 */
export function parseFfmpegBanner(text: string): ProbedStreams | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /Stream #\S+.*: Video: /.test(l) && !/attached pic/.test(l));
  if (at < 0) return undefined;
  const video = lines[at]!;
  const size = /, (\d{1,5})x(\d{1,5})[\s,]/.exec(video);
  const fps = /([\d.]+)(k?) fps/.exec(video) ?? /([\d.]+)(k?) tbr/.exec(video);
  // Side data (the display matrix) follows its stream's line, indented, until the next stream.
  const next = lines.findIndex((l, i) => i > at && /Stream #/.test(l));
  const side = lines.slice(at + 1, next < 0 ? undefined : next).join('\n');
  const rotation = /rotation of (-?[\d.]+) degrees/.exec(side);
  const duration = /Duration: (\d+:\d+:[\d.]+)/.exec(text);
  const audio = /Stream #\S+.*: Audio: (\w+)/.exec(text);
  return {
    ...(size ? { width: Number(size[1]), height: Number(size[2]) } : {}),
    fps: fps ? Number(fps[1]) * (fps[2] ? 1000 : 1) : 0,
    duration: duration ? seconds(duration[1]!) : 0,
    rotation: rotation ? Math.round(Number(rotation[1])) : 0,
    ...(audio ? { audioCodec: audio[1]! } : {}),
  };
}
