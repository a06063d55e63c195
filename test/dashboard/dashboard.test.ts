import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { pannedPhoto, workDir } from '../helpers/clips.js';
import { hasShared } from '../helpers/shared.js';
import { TestRedis } from '../helpers/redis.js';
import { openFarm, viewRender, type Farm } from '../../src/pipeline/farm/queue-view.js';
import { Cli, until } from '../farm/farm-helpers.js';

const CHROMIUM = process.env.DREAMREEL_CHROMIUM ?? '/usr/bin/chromium';
const has = (cmd: string, args: string[]): boolean => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const missing = [
  !existsSync(CHROMIUM) && `chromium (${CHROMIUM}; apt-get install chromium)`,
  !has('redis-server', ['--version']) && 'redis-server',
  !has('ffmpeg', ['-version']) && 'ffmpeg',
  !hasShared && '../shared/models',
].filter(Boolean);
if (missing.length) console.log(`dashboard browser tests skipped: no ${missing.join(', ')}`);

/** Tiny dreams: the dashboard is under test, not the dream (1 octave, 2 steps, 96x64, the fastest backend). */
const TINY = ['--size', '96x64', '--octaves', '1', '--steps', '2', '--steps-next', '1', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--plain'];

type Page = import('playwright-core').Page;
type Browser = import('playwright-core').Browser;

/** The dashboard as a separate process, its address read from its first line. */
async function dashboard(args: string[], env: Record<string, string> = {}): Promise<{ cli: Cli; address: string }> {
  const process = new Cli(['dashboard', '--port', '0', ...args], env);
  await process.waitFor(/dashboard on (http:\/\/\S+) /, 120_000);
  return { cli: process, address: /dashboard on (http:\/\/\S+) /.exec(process.stderr)![1]! };
}

/** Frames done per the page (its render card's first stat). */
const pageDone = (page: Page, id: string): Promise<number> =>
  page.evaluate((rid) => {
    const b = document.querySelector(`[data-render="${rid}"] .stats b`);
    return b ? Number(b.textContent.split('/')[0]) : -1;
  }, id);

describe.runIf(missing.length === 0)('dashboard in headless Chromium (real redis-server, real workers)', { timeout: 900_000 }, () => {
  const dir = workDir();
  let redis: TestRedis;
  let farm: Farm;
  let browser: Browser;
  const processes: Cli[] = [];
  beforeAll(async () => {
    redis = await TestRedis.start();
    farm = openFarm(redis.url);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    for (const p of processes) p.kill('SIGTERM');
    await browser?.close();
    await farm?.close();
    await redis?.stop();
  });

  it('shows a render, its progress advancing, a thumbnail; Cancel cancels; axe finds no serious violation', async () => {
    const clip = pannedPhoto(dir, 24);
    const board = await dashboard(['--redis', redis.url]);
    processes.push(board.cli);
    const page = await (await browser.newContext({ viewport: { width: 1180, height: 760 }, bypassCSP: true })).newPage();
    const began = Date.now();
    await page.goto(board.address, { waitUntil: 'load' });
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    await page.getByText('No farm renders in this Redis.').waitFor({ timeout: 10_000 });
    console.log(`dashboard: first contentful paint ${paint.toFixed(0)} ms after navigation (loopback, ${Date.now() - began} ms to load)`);

    const submit = async (name: string, args: string[]): Promise<string> => {
      const r = await cli(['render', clip, '-o', join(dir, name), '--redis', redis.url, '--detach', ...TINY, ...args]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const id = await submit('watched.mp4', ['--chunk-frames', '8', '--preroll', '2']);
    const card = page.locator(`[data-render="${id}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.locator('.badge').textContent()).toBe('queued');

    processes.push(Cli.worker(redis.url), Cli.worker(redis.url));
    // Progress advances on the page; measure how long a finished frame takes to show.
    const lags: number[] = [];
    let seen = 0;
    const deadline = Date.now() + 600_000;
    while (seen < 6 && Date.now() < deadline) {
      const done = (await viewRender(farm, id)).done;
      if (done > seen) {
        const at = Date.now();
        while ((await pageDone(page, id)) < done && Date.now() - at < 30_000) await new Promise((r) => setTimeout(r, 20));
        lags.push(Date.now() - at);
        seen = done;
      } else await new Promise((r) => setTimeout(r, 25));
    }
    expect(seen, 'frames done within 10 minutes').toBeGreaterThanOrEqual(6);
    console.log(`dashboard: a finished frame (as Redis has it) showed on the page after ${lags.map((l) => `${l} ms`).join(', ')}`);
    await card.locator('img.thumb').first().waitFor({ timeout: 60_000 });
    const thumb = await card
      .locator('img.thumb')
      .first()
      .evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight, alt: img.alt }));
    expect(thumb.w).toBe(96);
    expect(thumb.h).toBe(64);
    expect(thumb.alt).toMatch(/^Chunk \d of dr\S+, frame \d+$/);
    await page.locator('.workers .worker').first().waitFor({ timeout: 30_000 });

    const axe = await import('node:fs').then((fs) => fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () =>
      (
        await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run()
      ).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
    );
    console.log(`dashboard: axe-core violations ${JSON.stringify(violations)}`);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    const shot = join(dir, 'dashboard.png');
    await page.screenshot({ path: shot });
    if (process.env.DREAMREEL_SCREENSHOT) {
      mkdirSync(join(process.env.DREAMREEL_SCREENSHOT, '..'), { recursive: true });
      copyFileSync(shot, process.env.DREAMREEL_SCREENSHOT);
    }

    // Cancel, from the page: the first press arms, the second cancels.
    const other = await submit('cancelled.mp4', ['--chunk-frames', '24']);
    const otherCard = page.locator(`[data-render="${other}"]`);
    await otherCard.getByRole('button', { name: `Cancel render ${other}` }).click();
    await otherCard.getByRole('button', { name: `Confirm: cancel render ${other}` }).click();
    await otherCard.locator('.badge', { hasText: 'cancelled' }).waitFor({ timeout: 10_000 });
    expect((await viewRender(farm, other)).cancelled).toBe(true);
    await until('the watched render to finish', async () => (await viewRender(farm, id)).state === 'completed', 600_000);
    await card.locator('.badge', { hasText: 'done' }).waitFor({ timeout: 10_000 });
    expect(existsSync(join(dir, 'watched.mp4'))).toBe(true);
    expect(existsSync(join(dir, 'cancelled.mp4'))).toBe(false);
  });

  it('off loopback it refuses to start without a token; with one, requests without it get 401 and the page asks for it once', async () => {
    const refused = await cli(['dashboard', '--redis', redis.url, '--host', '0.0.0.0', '--port', '0']);
    expect(refused).toMatchObject({
      code: 1,
      stderr: 'dreamreel: a dashboard on 0.0.0.0 (not loopback) needs --token (or DREAMREEL_DASHBOARD_TOKEN): anyone who reaches it could cancel renders\n',
    });
    const token = 'correct-horse-battery-staple-42';
    const board = await dashboard(['--redis', redis.url, '--host', '0.0.0.0'], { DREAMREEL_DASHBOARD_TOKEN: token });
    processes.push(board.cli);
    const address = board.address.replace('0.0.0.0', '127.0.0.1');
    expect((await fetch(`${address}/api/state`)).status).toBe(401);
    expect((await fetch(`${address}/api/state`, { headers: { 'x-dreamreel-token': `${token}x` } })).status).toBe(401);
    expect((await fetch(`${address}/api/state`, { headers: { 'x-dreamreel-token': token } })).status).toBe(200);
    expect((await fetch(`${address}/queues/api/queues`)).status).toBe(401);
    expect((await fetch(`${address}/api/renders/x/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);

    const context = await browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(address);
    await page.getByLabel('Dashboard token').fill(token);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByText(/^live · updated/).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => sessionStorage.getItem('dreamreel-dashboard-token'))).toBe(token);
    // Bull Board opens through the session cookie the page obtained (the cookie is not the token).
    const queues = await page.goto(`${address}/queues`);
    expect(queues?.status()).toBe(200);
    expect((await context.cookies()).map((c) => c.value)).not.toContain(token);
    expect(requests.filter((u) => u.includes(token))).toEqual([]);
    expect(board.cli.stderr + board.cli.stdout).not.toContain(token);
  });
});
