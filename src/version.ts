/**
 * pure-netlink's version (package.json's `version`; a test keeps the two equal) and the iproute2
 * release whose command lines and output `pure-ip` follows.
 */
export const VERSION = '0.1.0';
export const IPROUTE2_VERSION = '6.1.0';
