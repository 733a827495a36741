/**
 * Programs exit by themselves: the README's library snippet (run verbatim), `examples/blog.ts`,
 * a program that never closes its handles, and one that closes only the handle Netlink.open()
 * returned while a derived handle and a monitor are open. Each runs as a child process that
 * must exit on its own within seconds (it used to hang: the helper kept Node alive).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/netlink/transport/helper-path.js';

const root = packageRoot();
const TSX = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'pn-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs argv; SIGKILLs it after `limitMs` (then `signal` is SIGKILL: it did not exit). */
function run(argv: string[], limitMs: number): Promise<Exit> {
  const t0 = Date.now();
  const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    }),
  );
}

/** A TypeScript program in the temp dir importing the package's sources as 'pure-netlink'. */
function program(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source.replaceAll("from 'pure-netlink'", `from ${JSON.stringify(join(root, 'src/index.ts'))}`));
  return file;
}

describe('programs exit by themselves', () => {
  it("the README's library snippet, verbatim, exits when its scope ends", async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const snippet = /## The library\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toContain('await using host = await Netlink.open(');
    expect(snippet).toContain("host.in('ns1')");
    expect(snippet).toContain('host.monitor(');
    const r = await run([TSX, program('readme.mts', snippet!)], 20_000);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^new vethX$/m);
  });

  it('examples/blog.ts prints its result and exits', async () => {
    const r = await run([TSX, join(root, 'examples/blog.ts')], 60_000);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('veth ping: ok, bridge ping: ok');
  });

  it('a program that never closes its handles exits when its work is done', async () => {
    const file = program(
      'forgotten.mts',
      `import { Netlink } from 'pure-netlink';
       const host = await Netlink.open({ sandbox: true });
       await host.netns.add('ns1');
       const ns1 = host.in('ns1');
       console.log((await ns1.link.list()).map((l) => l.name).join(','));
       const mon = host.monitor({ groups: ['link'] });
       await mon.close(); // a monitor, once closed, holds nothing either
       // no host.close(): idle, the helper does not keep Node alive
      `,
    );
    const r = await run([TSX, file], 20_000);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('lo');
  });

  it('an open monitor keeps the program running until the handle Netlink.open() returned is closed', async () => {
    const file = program(
      'owner.mts',
      `import { Netlink } from 'pure-netlink';
       const host = await Netlink.open({ sandbox: true });
       await host.netns.add('ns1');
       const ns1 = host.in('ns1');
       const events = (async () => { let n = 0; for await (const ev of ns1.monitor({ groups: ['link'] })) n++; return 'monitor ended after ' + n; })();
       await new Promise((r) => setTimeout(r, 300));
       console.log('still running');
       await host.close(); // ends ns1 and its monitor too
       console.log(await events, ns1.closed);
      `,
    );
    const r = await run([TSX, file], 20_000);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('still running\nmonitor ended after 0 true\n');
  });
});
