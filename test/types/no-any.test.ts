/**
 * No `any` in hand-written sources (docs/decisions.md, "Types"): every `any` type written in
 * src/ (`: any`, `as any`, `Promise<any>`, `any[]`...) fails here, found by the TypeScript parser
 * (AnyKeyword nodes), so comments, strings and words such as `any` in usage texts do not count.
 * Generated files (src/genl/generated, written by scripts/ynl-gen.mjs) are left out: their
 * generator is checked by the staleness test instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';

const SRC = join(REPO_ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'generated' ? [] : sources(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** `line:column` of every `any` type in a TypeScript text. */
export function anyTypesIn(text: string, fileName = 'x.ts'): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push(`${line + 1}:${character + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('no any in hand-written src', () => {
  it('finds every spelling of the any type, and nothing else', () => {
    const text = [
      'const a = b as any;',
      'function f(x: any): Promise<any[]> { return x; }',
      'type T = Record<string, any>;',
      '// any in a comment, "any" in a string, `any` in a template',
      "const usage = 'ADDR := { IP_ADDRESS | any }';",
      'let any = 1;',
    ].join('\n');
    expect(anyTypesIn(text)).toEqual(['1:16', '2:15', '2:29', '3:25']);
  });

  it('src/ (without generated files) has none', () => {
    const files = sources(SRC);
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      for (const at of anyTypesIn(readFileSync(file, 'utf8'), file)) found.push(`${relative(REPO_ROOT, file)}:${at}`);
    }
    expect(found).toEqual([]);
  });
});
