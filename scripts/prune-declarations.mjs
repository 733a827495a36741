// After `tsc -p tsconfig.build.json` wrote a declaration for every file of src/: delete those that
// no "types" entry of package.json "exports" reaches through its imports (the CLI's, the diagram
// code's, internal transports'), so the tarball carries only the declarations consumers can see.
// test/package/consumers.test.ts checks the tarball holds nothing unreached.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const roots = Object.values(pkg.exports)
  .flatMap((e) => (typeof e === 'string' ? [] : [e.types]))
  .filter((t) => typeof t === 'string' && t.endsWith('.d.ts'))
  .map((t) => t.replace(/^\.\//, ''));
const reached = new Set();
const todo = [...roots];
while (todo.length) {
  const file = todo.pop();
  if (reached.has(file)) continue;
  if (!existsSync(file)) throw new Error(`prune-declarations: ${file} is missing (did tsc run?)`);
  reached.add(file);
  // Relative specifiers of `import ... from`, `export ... from`, `import('...')`: './x.js' → './x.d.ts'.
  for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) {
    todo.push(join(dirname(file), m[1]).replace(/\.js$/, '.d.ts'));
  }
}
let removed = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (path !== join('dist', 'bundle')) walk(path);
      if (existsSync(path) && readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (entry.name.endsWith('.d.ts') && !reached.has(relative('.', path))) {
      rmSync(path);
      removed++;
    }
  }
};
walk('dist');
console.log(`prune-declarations: kept ${reached.size} declaration files, removed ${removed} that no export reaches`);
