// The runtime of the package: every public entry point bundled by esbuild with code splitting
// into dist/bundle/ (shared chunks keep one instance of each module, so the family registry and
// the error classes are the same whichever entry a user imports). Node then loads a handful of
// files instead of ~100, which halves start-up. tsc still writes dist/**/*.d.ts for the types.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: {
    index: 'src/index.ts',
    netlink: 'src/netlink/index.ts',
    rtnl: 'src/rtnl/index.ts',
    xfrm: 'src/xfrm/index.ts',
    api: 'src/api/index.ts',
    debug: 'src/debug/index.ts',
    helper: 'src/helper.ts',
    'pure-ip': 'src/cli/bin/pure-ip.ts',
    'pure-tc': 'src/cli/bin/pure-tc.ts',
    'pure-bridge': 'src/cli/bin/pure-bridge.ts',
    'pure-ynl': 'src/cli/bin/pure-ynl.ts',
    genl: 'src/genl/index.ts',
  },
  outdir: 'dist/bundle',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external', // npm dependencies (the WASM Graphviz) load from node_modules
  sourcemap: 'linked',
  logLevel: 'warning',
  // src/cli/bin/*.ts start with #!/usr/bin/env node; esbuild keeps it on the entry.
});
chmodSync('dist/bundle/pure-ip.js', 0o755);
chmodSync('dist/bundle/pure-tc.js', 0o755);
chmodSync('dist/bundle/pure-bridge.js', 0o755);
chmodSync('dist/bundle/pure-ynl.js', 0o755);
