/**
 * Locating the helper binary: `$PURE_NETLINK_HELPER`, else
 * `<package root>/prebuilds/linux-<arch>/pure-netlink-helper`. The package root is found by
 * walking up from this module to the package.json named "pure-netlink", so it works from
 * `src/` (vitest) and from `dist/` alike.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HelperError } from '../errors.js';

export const HELPER_ENV = 'PURE_NETLINK_HELPER';
export const HELPER_BINARY_NAME = 'pure-netlink-helper';

const ARCH_DIRS: Readonly<Record<string, string>> = { x64: 'linux-x64', arm64: 'linux-arm64' };

let cachedRoot: string | undefined;

/** The directory holding pure-netlink's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'pure-netlink') return (cachedRoot = dir);
    } catch {
      // no package.json here (or unreadable): keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new HelperError('cannot find the pure-netlink package root (package.json)');
    dir = parent;
  }
}

/** `prebuilds/<dir>` name for an architecture, or undefined when none is shipped. */
export function prebuildDir(arch: string = process.arch): string | undefined {
  return ARCH_DIRS[arch];
}

/**
 * Absolute path of the helper executable. Throws HelperError when the platform or
 * architecture is unsupported or the file is missing / not executable.
 */
export function helperPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[HELPER_ENV];
  let path: string;
  if (override) {
    path = resolve(override);
  } else {
    if (process.platform !== 'linux') throw new HelperError(`pure-netlink needs Linux (platform is ${process.platform})`);
    const dir = prebuildDir();
    if (!dir) {
      throw new HelperError(
        `no prebuilt helper for architecture ${process.arch} (supported: ${Object.keys(ARCH_DIRS).join(', ')}); ` +
          `build one with scripts/build-helper.sh and set ${HELPER_ENV}`,
      );
    }
    path = join(packageRoot(), 'prebuilds', dir, HELPER_BINARY_NAME);
  }
  try {
    accessSync(path, constants.X_OK);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new HelperError(
      `helper binary ${path} is missing or not executable (${why})` +
        (override ? ` (from $${HELPER_ENV})` : '; run `npm run helper:build`'),
    );
  }
  return path;
}
