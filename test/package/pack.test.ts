/**
 * The packed tarball installs with --ignore-scripts into an empty project, with no C compiler
 * on PATH, and works: the prebuilt helper is there, executable, and answers; decode() works.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';

const haveDist = existsSync(join(REPO_ROOT, 'dist', 'bundle', 'index.js'));

describe.skipIf(!haveDist)('npm pack → install without scripts or a compiler', () => {
  const work = mkdtempSync(join(tmpdir(), 'pn-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs and runs', () => {
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string; mode: number }> }>;
    const files = new Map(info!.files.map((f) => [f.path, f.mode]));
    for (const arch of ['x64', 'arm64']) {
      const mode = files.get(`prebuilds/linux-${arch}/pure-netlink-helper`);
      expect(mode, `helper for ${arch} in the tarball`).toBeDefined();
      expect(mode! & 0o111, `helper for ${arch} is executable`).not.toBe(0);
    }
    expect([...files.keys()].some((p) => p.startsWith('test/'))).toBe(false);

    // A PATH with node and npm only: no cc, gcc, make or python.
    const bin = join(work, 'bin');
    mkdirSync(bin);
    const node = process.execPath;
    symlinkSync(node, join(bin, 'node'));
    const npmCli = execFileSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\nexec "${node}" "${npmCli}" "$@"\n`, { mode: 0o755 });
    // The real npm cache: runtime dependencies (the WASM Graphviz) come from it or the registry.
    const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
    const env = { PATH: bin, HOME: work, npm_config_cache: cache, npm_config_update_notifier: 'false' };
    for (const cc of ['cc', 'gcc', 'make']) {
      expect(() => execFileSync('sh', ['-c', `command -v ${cc}`], { env })).toThrow();
    }
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module' }));
    execFileSync(join(bin, 'npm'), ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', join(work, info!.filename)], { cwd: app, env, stdio: 'pipe' });
    writeFileSync(join(app, 'smoke.mjs'), `
      import { decode, HelperProcess } from 'pure-netlink';
      const msgs = decode(Uint8Array.from(Buffer.from('140000000300020001000000000000000000000000', 'hex').subarray(0, 20)));
      const helper = new HelperProcess();
      const hello = await helper.ready();
      await helper.close();
      console.log(JSON.stringify({ type: msgs[0].typeName, helper: hello.protocolVersion }));
    `);
    const result = execFileSync(node, ['smoke.mjs'], { cwd: app, env, encoding: 'utf8' });
    expect(JSON.parse(result)).toEqual({ type: 'NLMSG_DONE', helper: 1 });
    // The bin, as a user gets it: `pure-ip` lists the links of a private sandbox (only lo).
    const links = execFileSync(join(app, 'node_modules', '.bin', 'pure-ip'), ['-sandbox', '-j', 'link', 'show'], { cwd: app, env, encoding: 'utf8' });
    expect((JSON.parse(links) as Array<{ ifname: string }>).map((l) => l.ifname)).toEqual(['lo']);
  }, 120_000);
});
