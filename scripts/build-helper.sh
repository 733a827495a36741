#!/usr/bin/env bash
# Builds the static pure-netlink-helper binaries into prebuilds/:
#   prebuilds/linux-x64/pure-netlink-helper    (musl-gcc -static)
#   prebuilds/linux-arm64/pure-netlink-helper  (aarch64-linux-musl-gcc -static)
# and prebuilds/SOURCE.sha256. Both link only musl (MIT) and libgcc (GCC runtime exception).
# Needs Debian's musl-tools, gcc-aarch64-linux-gnu and, through multiarch, musl-dev:arm64
# (`dpkg --add-architecture arm64 && apt-get update && apt-get install musl-dev:arm64`), which
# brings the aarch64-linux-musl-gcc wrapper around aarch64-linux-gnu-gcc.
#
# SOURCE_HASH = sha256 of the `sha256sum` listing (LC_ALL=C sorted by path, paths relative
# to the repository root) of helper/*.c, helper/*.h and this script. It is embedded in the
# binaries (--version) and written to prebuilds/SOURCE.sha256; scripts/check-helper-fresh.mjs
# recomputes it.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

files=$( (ls helper/*.c helper/*.h; echo scripts/build-helper.sh) | sort)
# shellcheck disable=SC2086
hash=$(sha256sum $files | sha256sum | cut -d' ' -f1)
cflags=(-std=gnu11 -static -O2 -Wall -Wextra -Werror -fno-strict-aliasing
  "-DSOURCE_HASH=\"$hash\"")

build() { # compiler strip out
  local cc=$1 strip=$2 out=$3
  mkdir -p "$(dirname "$out")"
  # shellcheck disable=SC2046
  "$cc" "${cflags[@]}" -o "$out.tmp" $(ls helper/*.c | sort)
  "$strip" "$out.tmp"
  mv -f "$out.tmp" "$out"
  echo "built $out"
}

build musl-gcc strip prebuilds/linux-x64/pure-netlink-helper
build aarch64-linux-musl-gcc aarch64-linux-gnu-strip prebuilds/linux-arm64/pure-netlink-helper
echo "$hash" > prebuilds/SOURCE.sha256
echo "source hash $hash"
