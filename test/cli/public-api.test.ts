/**
 * The CLI is built on the public API (docs/decisions.md, "Public API"): what src/cli takes from
 * the rest of src/ must be public, i.e. exported by one of the modules the package's `exports`
 * map publishes (package.json: `.`, `./netlink`, `./rtnl`, `./genl`, `./api`, `./debug`,
 * `./helper`), and nothing it uses may be marked `@internal`. The import path may be deeper (the
 * bundle then loads less); the symbol it names is what must be public. Checked with the
 * TypeScript checker, so re-exports and aliases resolve to the declaration they name. A lazy
 * `import()` must load a module whose exports are all public. src/diagram (the drawing code of
 * `pure-ip diagram`) is the CLI's own and not published.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';

const CLI = join(REPO_ROOT, 'src', 'cli');
/** `pure-ip diagram`'s drawing code: the CLI's own, not a library entry (docs/decisions.md). */
const DIAGRAM = join(REPO_ROOT, 'src', 'diagram');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** src/ files of the exports map's entries (the `types` of each: dist/X.d.ts is src/X.ts). */
function entryModules(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const out: string[] = [];
  for (const target of Object.values(pkg.exports)) {
    if (typeof target !== 'object' || target === null || !('types' in target) || typeof target.types !== 'string') continue;
    out.push(join(REPO_ROOT, target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts')));
  }
  return out;
}

interface Finding {
  file: string;
  line: number;
  what: string;
}

/** Non-public imports and @internal uses in the given CLI files, against the given entry modules. */
function check(program: ts.Program, entries: readonly string[], files: readonly string[], cliDir: string): Finding[] {
  const checker = program.getTypeChecker();
  const target = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const publicSymbols = new Set<ts.Symbol>();
  for (const entry of entries) {
    const sf = program.getSourceFile(entry);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) throw new Error(`entry ${entry} not found`);
    for (const s of checker.getExportsOfModule(moduleSymbol)) publicSymbols.add(target(s));
  }
  const outside = (decl: ts.Declaration): boolean => !resolve(decl.getSourceFile().fileName).startsWith(cliDir);
  const internal = (s: ts.Symbol): boolean =>
    (s.declarations ?? []).some((d) => outside(d) && ts.getJSDocTags(d).some((t) => t.tagName.text === 'internal'));
  const findings: Finding[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`${file} not in the program`);
    const at = (n: ts.Node, what: string): void => {
      findings.push({ file: relative(REPO_ROOT, file), line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, what });
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const spec = node.moduleSpecifier.text;
        const resolved = resolve(dirname(file), spec);
        if (spec.startsWith('.') && !resolved.startsWith(cliDir) && !resolved.startsWith(DIAGRAM)) {
          const names: ts.Identifier[] = [];
          if (ts.isImportDeclaration(node)) {
            const clause = node.importClause;
            if (clause?.name) names.push(clause.name);
            const bindings = clause?.namedBindings;
            if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) if (ts.isIdentifier(e.name)) names.push(e.name);
            if (bindings && ts.isNamespaceImport(bindings)) at(node, `import * from ${spec} (name the public symbols)`);
          } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
            for (const e of node.exportClause.elements) if (ts.isIdentifier(e.name)) names.push(e.name);
          } else at(node, `export * from ${spec} (name the public symbols)`);
          for (const id of names) {
            const s = checker.getSymbolAtLocation(id);
            if (s && !publicSymbols.has(target(s))) at(id, `${id.text} from ${spec} is not exported by the package`);
          }
        }
        return;
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const arg = node.arguments[0];
        const spec = arg && ts.isStringLiteral(arg) && arg.text.startsWith('.') ? arg.text : undefined;
        const path = spec === undefined ? undefined : resolve(dirname(file), spec);
        if (spec !== undefined && path !== undefined && !path.startsWith(cliDir) && !path.startsWith(DIAGRAM)) {
          // A lazily loaded module: an entry, or one whose every export is public (a shorter way to public symbols).
          const sf = program.getSourceFile(path.replace(/\.js$/, '.ts'));
          const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
          const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
          const hidden = exports.filter((s) => !publicSymbols.has(target(s))).map((s) => s.name);
          if (!moduleSymbol) at(node, `import('${spec}') does not resolve`);
          else if (hidden.length) at(node, `import('${spec}') loads ${hidden.join(', ')}, not exported by the package`);
        }
      }
      if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
        const s = checker.getSymbolAtLocation(node);
        if (s && internal(target(s))) at(node, `${node.text} is @internal`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return findings;
}

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
};

describe('the CLI uses only the public API', () => {
  let program: ts.Program;
  let entries: string[];
  let files: string[];
  beforeAll(() => {
    entries = entryModules();
    files = sources(CLI);
    program = ts.createProgram([...entries, ...files], OPTIONS);
  }, 120_000);

  it('reads the exports map', () => {
    expect(entries.map((e) => relative(REPO_ROOT, e)).sort()).toEqual([
      'src/api/index.ts', 'src/debug/index.ts', 'src/genl/index.ts', 'src/helper.ts', 'src/index.ts', 'src/netlink/index.ts', 'src/rtnl/index.ts', 'src/xfrm/index.ts',
    ]);
  });

  // A whole-program walk with the type checker: ~10 s idle, over 30 s on a loaded 2-core machine.
  it('src/cli imports only exported symbols and uses nothing @internal', () => {
    expect(check(program, entries, files, CLI)).toEqual([]);
  }, 180_000);

  it('catches a non-public import, an @internal member and a deep dynamic import', () => {
    // A CLI-like file in a scratch program: core.session() is @internal, LazySession is not
    // exported by any entry, and lazy-session.js is not an entry module.
    const probe = join(CLI, '__probe__.ts');
    const text = [
      "import type { Handle } from '../api/handle.js';",
      "import { LazySession } from '../api/lazy-session.js';",
      'export async function f(h: Handle): Promise<unknown> {',
      '  void LazySession;',
      "  await import('../api/lazy-session.js');",
      '  return h.core.session();',
      '}',
    ].join('\n');
    const host = ts.createCompilerHost(OPTIONS);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) =>
      resolve(name) === probe ? ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true) : getSourceFile(name, version, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => resolve(name) === probe || fileExists(name);
    const scratch = ts.createProgram([...entries, probe], OPTIONS, host, program);
    const whats = check(scratch, entries, [probe], CLI).map((f) => `${f.line}: ${f.what}`);
    expect(whats).toContain("2: LazySession from ../api/lazy-session.js is not exported by the package");
    expect(whats).toContain("5: import('../api/lazy-session.js') loads LazySession, not exported by the package");
    expect(whats).toContain('6: core is @internal');
  });
});
