/**
 * Start-up of the built CLI (`npm run build` first; built here if dist/ is missing): the median
 * wall time of `dreamreel --help`, `presets` and `models list` against bare `node -e 0`, runs
 * interleaved so a busy machine slows all alike, and each process's peak RSS.
 * Run alone with `npx tsx bench/startup.ts`; bench/engine.ts calls printStartup().
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const CLI = process.env.STARTUP_CLI ?? 'dist/cli/main.js';
/** Reports the process's peak RSS on exit, loaded the same way into every measured process. */
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss '+process.resourceUsage().maxRSS+'\\n'))`;

interface Launch {
  readonly label: string;
  readonly args: readonly string[];
}

const LAUNCHES: readonly Launch[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'dreamreel --help', args: [CLI, '--help'] },
  { label: 'dreamreel presets', args: [CLI, 'presets'] },
  { label: 'dreamreel models list', args: [CLI, 'models', 'list'] },
];

function launchOnce({ args }: Launch): { ms: number; rssKiB: number } {
  const began = performance.now();
  const run = spawnSync(process.execPath, ['--import', REPORT_RSS, ...args], { encoding: 'utf8' });
  const ms = performance.now() - began;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  return { ms, rssKiB: Number(/maxrss (\d+)/.exec(run.stderr)?.[1] ?? NaN) };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface StartupFigure {
  readonly label: string;
  readonly medianMs: number;
  readonly overBareMs: number;
  readonly peakRssMiB: number;
}

export function measureStartup(runs = 11): StartupFigure[] {
  if (!existsSync(CLI)) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const samples = LAUNCHES.map(() => ({ ms: [] as number[], rss: [] as number[] }));
  launchOnce(LAUNCHES[1]!); // Warms the file cache.
  for (let i = 0; i < runs; i++) {
    LAUNCHES.forEach((launch, k) => {
      const { ms, rssKiB } = launchOnce(launch);
      samples[k]!.ms.push(ms);
      samples[k]!.rss.push(rssKiB);
    });
  }
  const bare = median(samples[0]!.ms);
  return LAUNCHES.map(({ label }, k) => ({
    label,
    medianMs: median(samples[k]!.ms),
    overBareMs: median(samples[k]!.ms) - bare,
    peakRssMiB: Math.max(...samples[k]!.rss) / 1024,
  }));
}

export function printStartup(runs?: number): void {
  for (const f of measureStartup(runs)) {
    console.log(
      `start-up ${f.label.padEnd(22)} ${f.medianMs.toFixed(0).padStart(5)} ms median, ${f.overBareMs >= 0 ? '+' : ''}${f.overBareMs.toFixed(0)} ms over bare node, peak RSS ${f.peakRssMiB.toFixed(0)} MiB`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) printStartup(Number(process.env.STARTUP_RUNS ?? 11));
