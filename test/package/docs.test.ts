/**
 * `npm run docs` (typedoc over every entry point of package.json "exports", typedoc.json) must
 * build with no warning at all: every exported declaration and public method documented, no
 * broken link, no public signature naming a type the docs cannot reach. The same validation runs
 * here (without writing the HTML), so a new undocumented export fails `npm test`; a second run on
 * a one-line module proves the configuration does catch an undocumented export.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';

const TYPEDOC = join(REPO_ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
const clean = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('API docs (typedoc)', () => {
  it('npm run docs is typedoc with typedoc.json, which covers every entry point of package.json "exports"', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; exports: Record<string, unknown> };
    expect(pkg.scripts.docs).toBe('typedoc');
    const config = readFileSync(join(REPO_ROOT, 'typedoc.json'), 'utf8');
    expect(config).toMatch(/"treatWarningsAsErrors": true/);
    expect(config).toMatch(/"notDocumented": true/);
    // Each subpath of "exports" (but ./package.json) has its module's source among the entry points.
    const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json');
    const source = (subpath: string): string => (subpath === '.' ? 'src/index.ts' : subpath === './helper' ? 'src/helper.ts' : `src/${subpath.slice(2)}/index.ts`);
    for (const e of entries) expect(config, `typedoc entry point for ${e}`).toContain(`"${source(e)}"`);
  });

  it('every export of every entry point is documented (zero warnings)', () => {
    const r = spawnSync(process.execPath, [TYPEDOC, '--emit', 'none'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 280_000 });
    const out = clean(r.stdout + r.stderr);
    expect(out).not.toMatch(/\[warning\]|\[error\]/);
    expect(r.status, out).toBe(0);
  }, 300_000);

  it('an undocumented export fails the build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pn-typedoc-'));
    try {
      writeFileSync(join(dir, 'index.ts'), '/**\n * A module.\n *\n * @module probe\n */\n/** Documented. */\nexport const documented = 1;\nexport const undocumented = 2;\n');
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, types: [] }, files: ['index.ts'] }));
      // The project's checks (typedoc.json without its comments), on the probe module instead of src/.
      const project = JSON.parse(readFileSync(join(REPO_ROOT, 'typedoc.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
      const { validation, requiredToBeDocumented, treatWarningsAsErrors, disableSources } = project;
      writeFileSync(join(dir, 'typedoc.json'), JSON.stringify({ entryPoints: ['index.ts'], tsconfig: 'tsconfig.json', name: 'probe', validation, requiredToBeDocumented, treatWarningsAsErrors, disableSources }));
      const r = spawnSync(process.execPath, [TYPEDOC, '--emit', 'none'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      const out = clean(r.stdout + r.stderr);
      expect(out).toMatch(/undocumented \(Variable\).*does not have any documentation/);
      expect(out).not.toMatch(/\bdocumented \(Variable\)/);
      expect(r.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
