/**
 * The packed tarball as its consumers use it: an ES module and a CommonJS script on every Node of
 * the matrix, Bun and Deno; an application bundled by esbuild (ESM and CJS output) that runs far
 * from any node_modules, from another working directory; a TypeScript CommonJS consumer that
 * type-checks. Each opens a private sandbox, adds a veth pair, lists the links and closes, and
 * must exit by itself. Runtimes come from `scripts/install-runtimes.sh` (.runtimes/); a missing
 * one is skipped with the reason printed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { skipping } from '../support/probe.js';

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

describe.skipIf(skipping(!haveDist && 'dist/ is not built (npm run build)'))('consumers of the packed tarball', () => {
  const work = mkdtempSync(join(tmpdir(), 'pn-consumers-'));
  const app = join(work, 'app');
  let tarball = '';
  let packed: string[] = [];
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' });
    const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, info!.filename);
    packed = info!.files.map((f) => f.path);
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
    it.skipIf(skipping(!node && `Node ${version} is not in .runtimes/ (run scripts/install-runtimes.sh)`))(`Node ${version}: ES module and CommonJS`, () => {
      expect(runSmoke(node!, ['smoke.mjs'], app)).toEqual(EXPECTED);
      expect(runSmoke(node!, ['smoke.cjs'], app)).toEqual(EXPECTED);
    });
  }

  const bun = findBinary(join(RUNTIMES, 'js'), 'bun');
  it.skipIf(skipping(!bun && 'Bun is not in .runtimes/ (run scripts/install-runtimes.sh)'))('Bun: ES module and CommonJS', () => {
    expect(runSmoke(bun!, ['smoke.mjs'], app)).toEqual(EXPECTED);
    expect(runSmoke(bun!, ['smoke.cjs'], app)).toEqual(EXPECTED);
  });

  const deno = findBinary(join(RUNTIMES, 'js'), 'deno');
  it.skipIf(skipping(!deno && 'Deno is not in .runtimes/ (run scripts/install-runtimes.sh)'))('Deno with the permissions the README names', () => {
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

  it('the installed pure-ip names pure-netlink (-V, --version); SVG without the optional Graphviz says how to get it', () => {
    const pureIp = join(app, 'node_modules', '.bin', 'pure-ip');
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['-V', '--version']) {
      const v = spawnSync(pureIp, [flag], { cwd: app, encoding: 'utf8' });
      expect(v.status, v.stderr).toBe(0);
      expect(v.stdout.split('\n')[0]).toBe(`pure-ip (pure-netlink ${version}), compatible with ip utility, iproute2-6.1.0`);
    }
    // @hpcc-js/wasm-graphviz is an optional peer: not installed here. Mermaid needs nothing.
    expect(existsSync(join(app, 'node_modules', '@hpcc-js', 'wasm-graphviz'))).toBe(false);
    const mermaid = spawnSync(pureIp, ['-sandbox', 'diagram', '--format', 'mermaid'], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(mermaid.status, mermaid.stderr).toBe(0);
    expect(mermaid.stdout).toMatch(/^(flowchart|graph) /m);
    const svg = spawnSync(pureIp, ['-sandbox', 'diagram', '-o', join(work, 'topology.svg')], { cwd: app, encoding: 'utf8', timeout: 30_000 });
    expect(svg.status).not.toBe(0);
    expect(svg.stderr).toContain('npm install @hpcc-js/wasm-graphviz');
    expect(svg.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 60_000);

  it('the tarball holds what the exports and bins reach, the prebuilds, the helper sources and the documents (LICENSE among them)', () => {
    const pkgDir = join(app, 'node_modules', 'pure-netlink');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>>; bin: Record<string, string> };
    const targets = Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e))).filter((t) => t.startsWith('./dist/'));
    // Everything a file reaches through relative imports (static, dynamic, `import type`, export ... from).
    const reach = (roots: string[]): Set<string> => {
      const seen = new Set<string>();
      const todo = roots.map((r) => r.replace(/^\.\//, ''));
      while (todo.length) {
        const file = todo.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        const text = readFileSync(join(pkgDir, file), 'utf8');
        for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) {
          let target = join(dirname(file), m[1]!);
          if (file.endsWith('.d.ts')) target = target.replace(/\.js$/, '.d.ts');
          if (!existsSync(join(pkgDir, target))) throw new Error(`${file} imports ${m[1]}, which is not in the tarball`);
          todo.push(target);
        }
      }
      return seen;
    };
    const declarations = reach(targets.filter((t) => t.endsWith('.d.ts')));
    const scripts = reach([...targets.filter((t) => t.endsWith('.js')), ...Object.values(pkg.bin)]);
    const documents = new Set(['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'scripts/build-helper.sh']);
    const unreached = packed.filter((f) => {
      if (documents.has(f) || f.startsWith('prebuilds/') || /^helper\/[\w-]+\.[ch]$/.test(f)) return false;
      if (f.endsWith('.d.ts')) return !declarations.has(f);
      if (f.endsWith('.js.map')) return !scripts.has(f.slice(0, -'.map'.length));
      return !scripts.has(f);
    });
    expect(unreached).toEqual([]);
    for (const doc of documents) expect(packed, `${doc} in the tarball`).toContain(doc);
    expect(readFileSync(join(pkgDir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('attw: an ES module package (CommonJS loads it through require(esm)); no other problem', () => {
    const attw = join(REPO_ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    // attw exits before a large piped stdout is flushed: its JSON goes to a file.
    const report = join(work, 'attw.json');
    const fd = openSync(report, 'w');
    const r = spawnSync(process.execPath, [attw, '--format', 'json', tarball], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000 });
    closeSync(fd);
    expect(r.error).toBeUndefined();
    const problems = (JSON.parse(readFileSync(report, 'utf8')) as { analysis: { problems: Array<{ kind: string; resolutionKind?: string }> } }).analysis.problems;
    // What attw's model (without require(esm)) reports for an ESM-only package: a require() from
    // node16 CommonJS resolves to ESM (Node >= 20.19, our engines floor, loads it), and node10
    // resolution (no "exports") finds no subpath. Nothing else: no false CJS/ESM, no missing types.
    expect([...new Set(problems.map((p) => `${p.kind} (${p.resolutionKind})`))].sort()).toEqual(['CJSResolvesToESM (node16-cjs)', 'NoResolution (node10)']);
    const esmOnly = spawnSync(process.execPath, [attw, '--profile', 'esm-only', tarball], { encoding: 'utf8', timeout: 60_000 });
    expect(esmOnly.status, esmOnly.stdout + esmOnly.stderr).toBe(0);
  }, 120_000);

  // The published declarations as TypeScript consumers compile them, library checks on
  // (skipLibCheck false): every entry point from an ES module and a CommonJS module under
  // nodenext, and from a bundler-resolved module. @types/node is the declared (optional) peer.
  const CONSUMER_BODY = `
const h: root.Handle = await root.Netlink.open({ sandbox: true });
const links: api.Link[] = await h.link.list();
const file: string = helper.prebuiltHelperFile();
export const seen = [links, file, netlink.NLM_F_DUMP, rtnl.RTM_GETLINK, genl.GenlRegistry, debug.builtinFamilies];
`;
  const IMPORTS = (req: boolean) => ['root:pure-netlink', 'netlink:pure-netlink/netlink', 'rtnl:pure-netlink/rtnl', 'genl:pure-netlink/genl', 'api:pure-netlink/api', 'debug:pure-netlink/debug', 'helper:pure-netlink/helper']
    .map((e) => e.split(':'))
    .map(([name, spec]) => (req ? `import ${name} = require('${spec}');` : `import * as ${name} from '${spec}';`))
    .join('\n');
  const CONSUMERS: Array<{ file: string; source: string; module: string; moduleResolution: string }> = [
    { file: 'consumer.cts', module: 'nodenext', moduleResolution: 'nodenext', source: `${IMPORTS(true)}\nexport async function main(): Promise<unknown> {${CONSUMER_BODY.replace('export const seen =', 'return')}}\n` },
    { file: 'consumer.mts', module: 'nodenext', moduleResolution: 'nodenext', source: `${IMPORTS(false)}\n${CONSUMER_BODY}` },
    { file: 'consumer-bundler.ts', module: 'esnext', moduleResolution: 'bundler', source: `${IMPORTS(false)}\n${CONSUMER_BODY}` },
  ];
  for (const c of CONSUMERS) {
    it(`a TypeScript consumer (${c.file}, module ${c.module}, moduleResolution ${c.moduleResolution}, skipLibCheck false) type-checks`, () => {
      const dir = join(app, `ts-${c.file.replace(/\W/g, '-')}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, c.file), c.source);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { module: c.module, moduleResolution: c.moduleResolution, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')] },
        files: [c.file],
      }));
      const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const r = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    }, 240_000);
  }

  it('the published declarations carry no @internal member, and need only @types/node, a declared optional peer', () => {
    const pkgDir = join(app, 'node_modules', 'pure-netlink');
    const dts: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.d.ts')) dts.push(join(dir, e.name));
      }
    };
    walk(join(pkgDir, 'dist'));
    expect(dts.length).toBeGreaterThan(50);
    expect(dts.filter((f) => readFileSync(f, 'utf8').includes('@internal'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; peerDependenciesMeta: Record<string, { optional?: boolean }> };
    expect(pkg.peerDependencies['@types/node']).toBeDefined();
    expect(pkg.peerDependenciesMeta['@types/node']?.optional).toBe(true);
    // Without @types/node the declarations do not compile (netns.spawn returns a ChildProcess,
    // tracers take Node streams): that is why the peer is declared.
    const dir = join(app, 'ts-no-node-types');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'consumer.mts'), `${IMPORTS(false)}\n${CONSUMER_BODY}`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.mts'] }));
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/node:child_process|NodeJS/);
  }, 240_000);
});
