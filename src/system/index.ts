/**
 * Host operations the helper performs beside relaying netlink sockets: network namespace
 * management (`ip netns`) and tun/tap devices (`ip tuntap`). Built on the core's
 * `HelperProcess.request()`; the core (src/netlink) knows none of this.
 */
export * from './netns.js';
export * from './tuntap.js';
export { HostOp, type HostOpName } from './ops.js';
