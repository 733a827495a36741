/**
 * Privileges behave like `ip`'s: reading needs none, writing needs CAP_NET_ADMIN only, and a
 * refused change is the kernel's EPERM (never a helper crash). Each case runs the built package
 * as a child process under `setpriv` (uid/gid 65534, no groups), inside a namespace the test
 * creates, and compares with `ip` run the same way.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/netlink/transport/helper-path.js';

const root = packageRoot();
const PURE_IP = join(root, 'dist/bundle/pure-ip.js');
const API = join(root, 'dist/bundle/index.js');
const isRoot = process.getuid?.() === 0;
const haveSetpriv = spawnSync('setpriv', ['--version']).status === 0;
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const NET_ADMIN = [...NOBODY, '--inh-caps=+net_admin', '--ambient-caps=+net_admin'];

const ns = `pnpriv-${process.pid}`;
const other = `pnpriv-o-${process.pid}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** argv inside namespace `ns` (via `ip netns exec`), as `who`. */
function inNs(who: string[], argv: string[], input?: string): Run {
  const r = spawnSync('ip', ['netns', 'exec', ns, ...who, ...argv], { encoding: 'utf8', timeout: 20_000, ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A Node ESM script run in `ns` as `who`; `API` is the package's main entry. */
function script(who: string[], body: string): Run {
  const code = `import { Netlink, NetlinkError } from ${JSON.stringify(API)};\n${body}`;
  return inNs(who, [process.execPath, '--input-type=module', '-e', code]);
}

describe.skipIf(!isRoot || !haveSetpriv || !existsSync(PURE_IP))('privileges like ip', () => {
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['netns', 'add', other]);
    execFileSync('ip', ['-n', ns, 'link', 'add', 'br-r', 'type', 'bridge']);
    execFileSync('ip', ['-n', ns, 'link', 'set', 'br-r', 'up']);
    execFileSync('ip', ['-n', ns, 'addr', 'add', '10.77.0.1/24', 'dev', 'br-r']);
  });
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['netns', 'del', other]);
  });

  it.each([['link', 'show'], ['-j', 'addr', 'show'], ['route', 'show'], ['-d', 'link', 'show', 'lo']])('reading needs no privilege: pure-ip %s %s as nobody prints what ip prints', (...argv) => {
    const ours = inNs(NOBODY, [process.execPath, PURE_IP, ...argv]);
    const theirs = inNs(NOBODY, ['ip', ...argv]);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it('reading needs no privilege: Netlink.open() + link.list(), route.list() and a monitor as nobody', async () => {
    // The monitor must see a link that root adds while it runs: the script says when it listens.
    const { spawn } = await import('node:child_process');
    const code = `import { Netlink } from ${JSON.stringify(API)};
      const h = await Netlink.open();
      const links = (await h.link.list()).map((l) => l.name).sort();
      const routes = (await h.route.list()).map((r) => r.dst).sort();
      console.log(JSON.stringify({ links, routes }));
      const mon = h.monitor({ groups: ['link'] });
      const it = mon[Symbol.asyncIterator]();
      const first = it.next();
      console.log('listening');
      for (let ev = await first; !ev.done; ev = await it.next()) {
        if (ev.value.kind === 'link' && ev.value.object.name === 'br-new') { console.log('event ' + ev.value.action); break; }
      }
      await h.close();
      process.exit(0);`;
    const child = spawn('ip', ['netns', 'exec', ns, ...NOBODY, process.execPath, '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const listening = new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('listening')) resolve();
      }),
    );
    const exited = new Promise<number | null>((r) => child.on('close', r));
    await Promise.race([listening, exited]);
    execFileSync('ip', ['-n', ns, 'link', 'add', 'br-new', 'type', 'bridge']);
    try {
      expect(await exited, err).toBe(0);
    } finally {
      spawnSync('ip', ['-n', ns, 'link', 'del', 'br-new']);
    }
    const first = JSON.parse(out.split('\n')[0]!) as { links: string[]; routes: string[] };
    expect(first.links).toEqual(['br-r', 'lo']);
    expect(first.routes).toContain('10.77.0.0/24');
    expect(out).toContain('event new');
  });

  it('writing needs only CAP_NET_ADMIN: pure-ip link add x type bridge', () => {
    const r = inNs(NET_ADMIN, [process.execPath, PURE_IP, 'link', 'add', 'x-na', 'type', 'bridge']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(execFileSync('ip', ['-n', ns, '-o', 'link', 'show', 'x-na'], { encoding: 'utf8' })).toContain('x-na');
    expect(inNs(NET_ADMIN, [process.execPath, PURE_IP, 'link', 'del', 'x-na']).code).toBe(0);
  });

  it('a refused change is the kernel answer: RTNETLINK answers: Operation not permitted, exit 2, as ip', () => {
    const ours = inNs(NOBODY, [process.execPath, PURE_IP, 'link', 'add', 'x-np', 'type', 'bridge']);
    const theirs = inNs(NOBODY, ['ip', 'link', 'add', 'x-np', 'type', 'bridge']);
    expect(theirs).toMatchObject({ code: 2, stderr: 'RTNETLINK answers: Operation not permitted\n' });
    expect(ours).toEqual(theirs);
  });

  it('a refused change through the API is a NetlinkError with code EPERM', () => {
    const r = script(
      NOBODY,
      `const h = await Netlink.open();
       try { await h.link.add({ kind: 'bridge', name: 'x-np' }); console.log('added?!'); }
       catch (e) { console.log(JSON.stringify({ isNetlinkError: e instanceof NetlinkError, name: e.name, code: e.code, errno: e.errno })); }
       await h.close();`,
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ isNetlinkError: true, name: 'NetlinkError', code: 'EPERM', errno: 1 });
  });
});
