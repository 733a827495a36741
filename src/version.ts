/**
 * pure-netlink's version (package.json's `version`; a test keeps the two equal) and the iproute2
 * release whose command lines and output `pure-ip` follows.
 */
/** pure-netlink's version, as package.json's `version` (`pure-ip -V`). */
export const VERSION = '0.1.0';
/** The iproute2 release whose command lines and output `pure-ip` follows. */
export const IPROUTE2_VERSION = '6.1.0';
