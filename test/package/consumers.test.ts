/**
 * The packed tarball as its consumers use it: an ES module and a CommonJS script on every Node of
 * the matrix, Bun and Deno; an application bundled by esbuild (ESM and CJS output) that runs far
 * from any node_modules, from another working directory; a TypeScript CommonJS consumer that
 * type-checks. Each opens a private sandbox, adds a veth pair, lists the links and closes, and
 * must exit by itself. Runtimes come from `scripts/install-runtimes.sh` (.runtimes/); a missing
 * one is skipped with the reason printed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';

const haveDist = existsSync(join(REPO_ROOT, 'dist', 'bundle', 'index.js'));
const RUNTIMES = join(REPO_ROOT, '.runtimes');
const EXPECTED = ['lo', 'vb', 'va'];

/** The first file named `name` under `dir` (depth-first), for the runtimes' platform packages. */
function findBinary(dir: string, name: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== '.bin') {
      const found = findBinary(path, name);
      if (found) return found;
    } else if (entry.isFile() && entry.name === name && (path.includes('/bin/') || name === 'deno')) {
      return path;
    }
  }
  return undefined;
}

const SMOKE_BODY = `
  const host = await Netlink.open({ sandbox: true });
  await host.link.add({ kind: 'veth', name: 'va', peer: { name: 'vb' } });
  const names = (await host.link.list()).map((l) => l.name);
  await host.close();
  console.log(JSON.stringify(names));
`;
const SMOKE_ESM = `import { Netlink } from 'pure-netlink';\n${SMOKE_BODY}`;
const SMOKE_CJS = `const { Netlink } = require('pure-netlink');\n(async () => {${SMOKE_BODY}})();`;

/** Runs a smoke program; it must print the links and exit 0 on its own within 30 s. */
function runSmoke(cmd: string, args: string[], cwd: string): string[] {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, PURE_NETLINK_HELPER: '' } });
  expect(r.error, `${cmd} ${args.join(' ')} did not exit within 30 s`).toBeUndefined();
  expect(r.status, `exit status; stderr: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
}

describe.skipIf(!haveDist)('consumers of the packed tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'pn-consumers-'));
  const app = join(work, 'app');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(out) as Array<{ filename: string }>;
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', join(work, info!.filename)], { cwd: app, stdio: 'pipe' });
    writeFileSync(join(app, 'smoke.mjs'), SMOKE_ESM);
    writeFileSync(join(app, 'smoke.cjs'), SMOKE_CJS);
  }, 120_000);

  it('an ES module and a CommonJS script on this Node', () => {
    expect(runSmoke(process.execPath, ['smoke.mjs'], app)).toEqual(EXPECTED);
    expect(runSmoke(process.execPath, ['smoke.cjs'], app)).toEqual(EXPECTED);
  });

  for (const version of [22, 24, 26]) {
    const node = findBinary(join(RUNTIMES, `node${version}`), 'node');
    it.skipIf(!node)(`Node ${version}: ES module and CommonJS${node ? '' : ' (skipped: not in .runtimes/, run scripts/install-runtimes.sh)'}`, () => {
      expect(runSmoke(node!, ['smoke.mjs'], app)).toEqual(EXPECTED);
      expect(runSmoke(node!, ['smoke.cjs'], app)).toEqual(EXPECTED);
    });
  }

  const bun = findBinary(join(RUNTIMES, 'js'), 'bun');
  it.skipIf(!bun)(`Bun${bun ? '' : ' (skipped: not in .runtimes/)'}`, () => {
    expect(runSmoke(bun!, ['smoke.mjs'], app)).toEqual(EXPECTED);
  });

  const deno = findBinary(join(RUNTIMES, 'js'), 'deno');
  it.skipIf(!deno)(`Deno with the permissions the README names${deno ? '' : ' (skipped: not in .runtimes/)'}`, () => {
    const denoEnv = ['--allow-read', '--allow-run', '--allow-env', '--allow-sys'];
    expect(runSmoke(deno!, ['run', ...denoEnv, 'smoke.mjs'], app)).toEqual(EXPECTED);
    // Without --allow-sys the error says which permission is missing (not "helper missing").
    const r = spawnSync(deno!, ['run', '--allow-read', '--allow-run', '--allow-env', 'smoke.mjs'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--allow-sys');
    expect(r.stderr).not.toContain('missing');
  });

  for (const format of ['esm', 'cjs'] as const) {
    it(`an application bundled by esbuild (${format}), run from elsewhere with the helper copied beside it`, async () => {
      const out = join(work, `bundled-${format}`);
      mkdirSync(out, { recursive: true });
      const file = join(out, format === 'esm' ? 'app.mjs' : 'app.cjs');
      await build({
        entryPoints: [join(app, format === 'esm' ? 'smoke.mjs' : 'smoke.cjs')],
        bundle: true,
        platform: 'node',
        format,
        target: 'node20',
        outfile: file,
        logLevel: 'silent',
        absWorkingDir: app,
      });
      // Without the helper beside it the error names the three ways to provide one.
      const cwd = mkdtempSync(join(tmpdir(), 'pn-elsewhere-'));
      try {
        const missing = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 30_000 });
        expect(missing.status).not.toBe(0);
        expect(missing.stderr).toContain('PURE_NETLINK_HELPER');
        expect(missing.stderr).not.toMatch(/TypeError/);
        // The build step a bundling application adds: copy the prebuilt helper next to the bundle.
        const resolver = spawnSync(process.execPath, ['-e', "import('pure-netlink/helper').then((h) => console.log(h.prebuiltHelperFile()))"], { cwd: app, encoding: 'utf8' });
        expect(resolver.status, resolver.stderr).toBe(0);
        const dest = join(out, 'prebuilds', `linux-${process.arch}`);
        mkdirSync(dest, { recursive: true });
        copyFileSync(resolver.stdout.trim(), join(dest, 'pure-netlink-helper'));
        expect(runSmoke(process.execPath, [file], cwd)).toEqual(EXPECTED);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  }

  it('a TypeScript CommonJS consumer (module nodenext) type-checks', () => {
    writeFileSync(join(app, 'consumer.cts'), `import pn = require('pure-netlink');\nconst open: typeof pn.Netlink.open = pn.Netlink.open;\nexport = open;\n`);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')] }, files: ['consumer.cts'] }));
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', app], { cwd: app, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});
