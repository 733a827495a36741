/**
 * `pure-netlink/helper`: where the prebuilt helper binary is, for applications that bundle
 * pure-netlink (esbuild, webpack, Electron) and so leave the package folder behind. A build script
 * copies `prebuiltHelperFile()` to `prebuilds/linux-<arch>/pure-netlink-helper` next to the bundle
 * (found automatically), or the application passes `Netlink.open({ helperPath })` or sets
 * `$PURE_NETLINK_HELPER`.
 *
 * @module pure-netlink/helper
 */
export {
  HELPER_BINARY_NAME,
  HELPER_ENV,
  helperPath,
  helperSearchDirs,
  prebuildDir,
  prebuiltHelperFile,
} from './netlink/transport/helper-path.js';
