/**
 * Generic netlink: the families generated from the kernel's YNL specs (ynl/specs), the
 * genlmsghdr body codec, the run-time registry of family ids and nlctrl's requests.
 *
 * @module pure-netlink/genl
 */
export * from './spec.js';
export * from './codecs.js';
export * from './registry.js';
export * from './nlctrl.js';
export * from './generated/index.js';
export * from './json.js';
