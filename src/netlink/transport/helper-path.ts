/**
 * Locating the helper binary. In order:
 *   1. an explicit path (`Netlink.open({ helperPath })`, `new HelperProcess({ path })`);
 *   2. `$PURE_NETLINK_HELPER`;
 *   3. `prebuilds/linux-<arch>/pure-netlink-helper` in the first of these folders that has it:
 *      - the pure-netlink package this module belongs to (walking up from this file to the
 *        package.json named "pure-netlink": works from `src/`, `dist/bundle/` and `dist/cjs/`);
 *      - the pure-netlink package Node would resolve from the working directory or from the main
 *        script (an application bundled by esbuild/webpack, with `node_modules` still beside it);
 *      - the folder of the main script and of this module (an application bundled into one file,
 *        with `prebuilds/` copied next to it: see `pure-netlink/helper`'s `prebuiltHelperFile`).
 * Nothing here may throw a TypeError: a bundler can leave `import.meta.url` undefined (CommonJS
 * output) and `process.argv[1]` can be missing (an embedded runtime).
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HelperError } from '../errors.js';

/**
 * `PURE_NETLINK_HELPER`: the environment variable naming the helper executable to use instead of
 * the prebuilt one.
 */
export const HELPER_ENV = 'PURE_NETLINK_HELPER';
/** The helper executable's file name (`pure-netlink-helper`), in `prebuilds/linux-<arch>/`. */
export const HELPER_BINARY_NAME = 'pure-netlink-helper';
const PACKAGE_NAME = 'pure-netlink';

const ARCH_DIRS: Readonly<Record<string, string>> = { x64: 'linux-x64', arm64: 'linux-arm64' };

/** This module's own file, when the runtime (or bundler) tells it; never throws. */
function thisModuleFile(): string | undefined {
  try {
    const url: unknown = import.meta.url;
    if (typeof url === 'string' && url.startsWith('file:')) return fileURLToPath(url);
  } catch {
    // import.meta unavailable (CommonJS bundle): fall through
  }
  return undefined;
}

function isPurePackageDir(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false; // no package.json here (or unreadable)
  }
}

/** Walks up from `start` to the folder whose package.json is pure-netlink's. */
function packageDirAbove(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (isPurePackageDir(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The pure-netlink package Node would resolve from `fromDir`, if any. */
function resolvedPackageDir(fromDir: string): string | undefined {
  try {
    return dirname(createRequire(join(fromDir, 'noop.js')).resolve(`${PACKAGE_NAME}/package.json`));
  } catch {
    return undefined;
  }
}

let cachedRoot: string | undefined;

/** The directory holding pure-netlink's package.json (the package this module belongs to). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  const self = thisModuleFile();
  const found = (self && packageDirAbove(dirname(self))) || resolvedPackageDir(process.cwd());
  if (!found) throw new HelperError(`cannot find the ${PACKAGE_NAME} package root (package.json)`);
  return (cachedRoot = found);
}

/** `prebuilds/<dir>` name for an architecture, or undefined when none is shipped. */
export function prebuildDir(arch: string = process.arch): string | undefined {
  return ARCH_DIRS[arch];
}

/** The folders searched for `prebuilds/`, most specific first, without duplicates. */
export function helperSearchDirs(): string[] {
  const self = thisModuleFile();
  const main = typeof process.argv[1] === 'string' && process.argv[1] !== '' ? resolve(process.argv[1]) : undefined;
  const dirs = [
    self && packageDirAbove(dirname(self)),
    resolvedPackageDir(process.cwd()),
    main && resolvedPackageDir(dirname(main)),
    main && dirname(main),
    self && dirname(self),
  ];
  return [...new Set(dirs.filter((d): d is string => typeof d === 'string'))];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch (e) {
    // Deno without --allow-sys refuses access(2) itself ("Requires sys access to "uid""): that is
    // the answer to give, not "missing".
    if (e instanceof Error && e.name === 'NotCapable') {
      throw new HelperError(`${e.message} (Deno runs pure-netlink with --allow-read --allow-run --allow-env --allow-sys)`);
    }
    return false;
  }
}

/**
 * Absolute path of the helper executable. Throws HelperError naming every place
 * looked at and the three ways to say where it is, when the platform or architecture is
 * unsupported or no executable helper is found.
 */
export function helperPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[HELPER_ENV];
  if (override) {
    const path = resolve(override);
    if (!isExecutable(path)) throw new HelperError(`helper binary ${path} (from $${HELPER_ENV}) is missing or not executable`);
    return path;
  }
  if (process.platform !== 'linux') throw new HelperError(`pure-netlink needs Linux (platform is ${process.platform})`);
  const dir = prebuildDir();
  if (!dir) {
    throw new HelperError(
      `no prebuilt helper for architecture ${process.arch} (supported: ${Object.keys(ARCH_DIRS).join(', ')}); ` +
        `build one with the package's scripts/build-helper.sh and set $${HELPER_ENV} to it`,

    );
  }
  const tried = helperSearchDirs().map((d) => join(d, 'prebuilds', dir, HELPER_BINARY_NAME));
  const found = tried.find(isExecutable);
  if (found) return found;
  throw new HelperError(
    `cannot find an executable pure-netlink helper (looked for ${tried.length ? tried.join(', ') : `prebuilds/${dir}/${HELPER_BINARY_NAME}`}). ` +
      `Pass Netlink.open({ helperPath }), set $${HELPER_ENV}, or, for a bundled application, copy the file that ` +
      `pure-netlink/helper's prebuiltHelperFile() names to prebuilds/${dir}/ next to the bundle`,
  );
}

/**
 * The helper binary shipped in the installed pure-netlink package for `arch` (for build scripts
 * that copy it next to a bundled application). Throws HelperError when none is shipped.
 */
export function prebuiltHelperFile(arch: string = process.arch): string {
  const dir = prebuildDir(arch);
  if (!dir) throw new HelperError(`no prebuilt helper for architecture ${arch}`);
  return join(packageRoot(), 'prebuilds', dir, HELPER_BINARY_NAME);
}
