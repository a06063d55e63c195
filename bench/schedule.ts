/**
 * npm run bench:schedule: how long a schedule takes to parse and to evaluate over a 3-minute
 * render (4,320 frames at 24 fps), the check every render does before its first frame. Goal: < 50 ms.
 * Several shapes: keyframes with easings, a long live expression, a music-feature expression.
 */
import { loadavg } from 'node:os';
import { parseSchedule, sampleSchedule, type ScheduleContext } from '../src/schedule/index.js';

const FRAMES = 4320;
const RUNS = 21;
const wave = (k: number): Float32Array => Float32Array.from({ length: FRAMES }, (_, i) => 0.5 + 0.5 * Math.sin(i / k));
const context: ScheduleContext = { fps: 24, frames: FRAMES, features: { rms: wave(7), bass: wave(11), beat: wave(3), onset: wave(5) } };
const ANY = { min: -1e9, max: 1e9 };

const schedules: Record<string, string> = {
  'Deforum zoom expression': '0:(1.0025+0.002*sin(1.25*3.14*t/30))',
  'keyframes, 60 keys with easings': Array.from(
    { length: 60 },
    (_, i) => `${i * 72}:(${(1 + (i % 5) * 0.01).toFixed(2)})${i % 3 === 0 ? '~ease-in-out' : ''}`,
  ).join(', '),
  'keys in seconds, live segments': '0s:(1), 10s:(1 + 0.02*sin(2*pi*s/4)), 60s:(1.01)~ease-out, 120s:(clamp(1 + 0.05*cos(t/12), 0.9, 1.1)), 180s:(1)',
  'music: lr from loudness and beats': '0:(0.002 + 0.03*rms + 0.01*beat*max(bass, onset))',
  'long expression (40 terms)': Array.from({ length: 40 }, (_, i) => `${(0.001 * (i + 1)).toFixed(3)}*sin(t/${i + 3} + ${i})`).join(' + '),
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `load average at start: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ${FRAMES} frames, median of ${RUNS} runs`,
);
console.log(
  `${'schedule'.padEnd(38)} ${'parse ms'.padStart(9)} ${'evaluate ms'.padStart(12)} ${'total ms'.padStart(9)} ${'cpu ms*'.padStart(8)}  goal: total < 50 ms (* mean CPU per run, the first, unoptimised run included)`,
);
for (const [name, text] of Object.entries(schedules)) {
  const parse: number[] = [];
  const evaluate: number[] = [];
  const cpu = process.cpuUsage();
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    const schedule = parseSchedule(text, '--bench');
    parse.push(performance.now() - t);
    t = performance.now();
    sampleSchedule(schedule, context, ANY);
    evaluate.push(performance.now() - t);
  }
  const total = median(parse) + median(evaluate);
  // CPU time per run beside the wall time: on a shared, loaded machine the wall time waits for a core.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / RUNS;
  console.log(
    `${name.padEnd(38)} ${median(parse).toFixed(3).padStart(9)} ${median(evaluate).toFixed(3).padStart(12)} ${total.toFixed(3).padStart(9)} ${cpuMs.toFixed(3).padStart(8)}  ${total < 50 ? 'ok' : 'MISSED'}`,
  );
}
