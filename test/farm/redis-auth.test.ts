import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { workDir } from '../helpers/clips.js';
import { freePort } from '../helpers/redis.js';
import { redactUrl } from '../../src/pipeline/farm/redis-url.js';
import { Cli, until } from './farm-helpers.js';

const has = (cmd: string, args: string[]): boolean => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const hasRedis = has('redis-server', ['--version']);
// Debian's redis-server links OpenSSL; a build without TLS refuses --tls-port.
const hasTls =
  hasRedis &&
  has('openssl', ['version']) &&
  /libssl/.test(
    (() => {
      try {
        return execFileSync('ldd', [execFileSync('which', ['redis-server']).toString().trim()]).toString();
      } catch {
        return '';
      }
    })(),
  );

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

/** A private redis-server with these extra settings, on a free loopback port. */
async function redisServer(dir: string, args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const portArgs = args.includes('--tls-port') ? ['--port', '0', '--tls-port', String(port)] : ['--port', String(port)];
  const child = spawn(
    'redis-server',
    [
      ...portArgs,
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...args.filter((a, i) => a !== '--tls-port' && args[i - 1] !== '--tls-port'),
    ],
    { stdio: 'ignore' },
  );
  await until(`redis-server on ${port}`, () => accepts(port), 30_000);
  return { port, child };
}

/** A certificate authority and a server certificate for 127.0.0.1, made with openssl for this test. */
function certificates(dir: string): { ca: string; cert: string; key: string } {
  const f = (name: string): string => join(dir, name);
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=dreamreel test CA', '-keyout', f('ca.key'), '-out', f('ca.pem'));
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr'));
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > '${f('ext.cnf')}'`]);
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.pem'),
  );
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

const PASSWORD = 's3cret-Pa55';
const ALICE = 'alice-Pa55word';

describe.runIf(hasRedis)('Redis with AUTH, ACL users and TLS, as people run it', { timeout: 120_000 }, () => {
  const dir = workDir();
  const servers: ChildProcess[] = [];
  let auth: number;
  beforeAll(async () => {
    const server = await redisServer(dir, ['--requirepass', PASSWORD, '--user', 'alice', 'on', `>${ALICE}`, '~*', '&*', '+@all']);
    servers.push(server.child);
    auth = server.port;
  });
  afterAll(() => {
    for (const s of servers) s.kill('SIGKILL');
  });
  afterEach(() => {
    delete process.env.DREAMREEL_REDIS;
    delete process.env.DREAMREEL_REDIS_CA;
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('redis://alice:pw@queue:6380/2')).toBe('redis://alice:***@queue:6380/2');
    expect(redactUrl('rediss://:pw@queue')).toBe('rediss://:***@queue');
    expect(redactUrl('redis://queue:6379')).toBe('redis://queue:6379');
  });

  it("the default user's password and an ACL user work, in --redis and in DREAMREEL_REDIS", async () => {
    expect(await cli(['status', '--redis', `redis://:${PASSWORD}@127.0.0.1:${auth}`])).toMatchObject({ code: 0, stdout: 'no farm renders in this Redis\n' });
    expect(await cli(['status', '--redis', `redis://alice:${ALICE}@127.0.0.1:${auth}/3`, '--json'])).toMatchObject({ code: 0, stdout: '[]\n' });
    process.env.DREAMREEL_REDIS = `redis://alice:${ALICE}@127.0.0.1:${auth}`;
    expect(await cli(['status'])).toMatchObject({ code: 0 });
  });

  it('a wrong password, a missing one, an unreachable host: one line that says which, exit 1, no password printed', async () => {
    const wrong = await cli(['status', '--redis', `redis://alice:not-${ALICE}@127.0.0.1:${auth}`]);
    expect(wrong).toMatchObject({ code: 1, stdout: '' });
    expect(wrong.stderr).toBe(
      `dreamreel: Redis at redis://alice:***@127.0.0.1:${auth} refused the user name or password (WRONGPASS invalid username-password pair or user is disabled.): check the URL's user:password\n`,
    );
    const none = await cli(['cancel', 'drx', '--redis', `redis://127.0.0.1:${auth}`]);
    expect(none).toMatchObject({
      code: 1,
      stderr: `dreamreel: Redis at redis://127.0.0.1:${auth} requires a password: give it in the URL (redis://user:password@host:port) or in DREAMREEL_REDIS\n`,
    });
    const closed = await freePort();
    const away = await cli(['status', '--redis', `redis://u:${PASSWORD}@127.0.0.1:${closed}`]);
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(
      new RegExp(`^dreamreel: cannot reach Redis at redis://u:\\*\\*\\*@127\\.0\\.0\\.1:${closed}: connect ECONNREFUSED 127\\.0\\.0\\.1:${closed}\\n$`),
    );
    const bad = await cli(['status', '--redis', `http://u:${PASSWORD}@x`]);
    expect(bad.stderr).toBe('dreamreel: Expected a Redis URL such as redis://queue:6379 for --redis but received "http://u:***@x/"\n');
    for (const r of [wrong, none, away, bad]) expect(r.stderr + r.stdout).not.toContain(PASSWORD);
  });

  it('a worker with a password in its URL never prints it', async () => {
    const worker = Cli.worker(`redis://alice:${ALICE}@127.0.0.1:${auth}`);
    try {
      await worker.waitFor(/ready for chunks/, 60_000);
      expect(worker.stderr).toContain(`ready for chunks from redis://alice:***@127.0.0.1:${auth}`);
      expect(worker.stderr).not.toContain(ALICE);
    } finally {
      worker.kill();
    }
  });

  describe.runIf(hasTls)('rediss:// with a test certificate authority', () => {
    let tls: number;
    let ca: string;
    beforeAll(async () => {
      const certs = certificates(dir);
      ca = certs.ca;
      const server = await redisServer(dir, [
        '--tls-port',
        '0',
        '--tls-cert-file',
        certs.cert,
        '--tls-key-file',
        certs.key,
        '--tls-ca-cert-file',
        certs.ca,
        '--tls-auth-clients',
        'no',
        '--requirepass',
        PASSWORD,
      ]);
      servers.push(server.child);
      tls = server.port;
    });

    it('connects with --redis-ca (or DREAMREEL_REDIS_CA) and a password', async () => {
      expect(await cli(['status', '--redis', `rediss://:${PASSWORD}@127.0.0.1:${tls}`, '--redis-ca', ca])).toMatchObject({
        code: 0,
        stdout: 'no farm renders in this Redis\n',
      });
      delete process.env.DREAMREEL_REDIS_CA;
      process.env.DREAMREEL_REDIS = `rediss://:${PASSWORD}@127.0.0.1:${tls}`;
      process.env.DREAMREEL_REDIS_CA = ca;
      expect(await cli(['status'])).toMatchObject({ code: 0 });
    });

    it('a certificate nobody vouches for: one line saying TLS failed; a missing CA file: one line', async () => {
      const untrusted = await cli(['status', '--redis', `rediss://:${PASSWORD}@127.0.0.1:${tls}`]);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(
        new RegExp(
          `^dreamreel: TLS to Redis at rediss://:\\*\\*\\*@127\\.0\\.0\\.1:${tls} failed: .*certificate.* \\(pass --redis-ca FILE for a private certificate authority\\)\\n$`,
        ),
      );
      const missing = await cli(['status', '--redis', `rediss://127.0.0.1:${tls}`, '--redis-ca', join(dir, 'nope.pem')]);
      expect(missing).toMatchObject({ code: 1, stderr: `dreamreel: Expected a PEM certificate file for --redis-ca but received "${join(dir, 'nope.pem')}"\n` });
    });
  });
});
