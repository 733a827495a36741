/**
 * The layers of docs/decisions.md ("Layers"), checked on the sources: each folder imports only
 * the folders below it, so the core stays free of any family and of the layers built on it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/fixtures.js';

const SRC = join(REPO_ROOT, 'src');

/** Top-level folder → the folders it may import from (itself always allowed). */
const ALLOWED: Record<string, readonly string[]> = {
  netlink: [],
  system: ['netlink'],
  rtnl: ['netlink'],
  genl: ['netlink'],
  xfrm: ['netlink'],
  debug: ['netlink', 'rtnl', 'genl', 'xfrm'],
  api: ['netlink', 'system', 'rtnl', 'genl', 'xfrm'],
  diagram: ['netlink', 'rtnl', 'genl', 'api'],
  cli: ['netlink', 'system', 'rtnl', 'genl', 'xfrm', 'api', 'debug', 'diagram'],
};
/** Files directly in src/ that every layer may import (constants with no imports of their own). */
const SHARED_LEAVES = ['version.ts'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative module specifiers of static imports, re-exports and literal dynamic imports. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

function layerOf(file: string): string | undefined {
  const rel = relative(SRC, file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(/[\\/]/);
  return parts.length > 1 ? parts[0] : '(root)';
}

describe('layers', () => {
  it('finds imports the way the checker reads them', () => {
    expect(importsOf("import { a } from '../rtnl/x.js';\nexport * from './y.js';\nconst m = await import('../api/z.js');\nimport type { T } from \"../debug/t.js\";")).toEqual([
      '../rtnl/x.js', './y.js', '../api/z.js', '../debug/t.js',
    ]);
  });

  it('every src folder imports only the folders below it (src/netlink: none)', () => {
    const violations: string[] = [];
    for (const file of sources(SRC)) {
      const from = layerOf(file);
      if (!from || from === '(root)') continue;
      const allowed = ALLOWED[from];
      if (!allowed) {
        violations.push(`${relative(REPO_ROOT, file)}: folder src/${from} has no place in the layer table`);
        continue;
      }
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), spec);
        const to = layerOf(target);
        if (!to || to === from || allowed.includes(to)) continue;
        if (to === '(root)' && SHARED_LEAVES.some((leaf) => target.replace(/\.js$/, '.ts') === join(SRC, leaf))) continue;
        violations.push(`${relative(REPO_ROOT, file)} imports ${spec} (src/${from} may import ${allowed.join(', ') || 'nothing outside itself'})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
