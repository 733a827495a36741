/**
 * pure-netlink: Linux rtnetlink in pure TypeScript.
 *
 * - The fluent API (`Netlink.open()`, handles with link/addr/route/neigh/rule/netns/monitor).
 * - `decode(bytes)` / `encode(messages)`: any rtnetlink datagram to typed messages and back.
 * - The generic layer (schema engine, session, transports, errors) and rtnetlink's schemas,
 *   constants and request builders. The same layers are also at `pure-netlink/netlink` and
 *   `pure-netlink/rtnl`, and `rtnl` here as a namespace.
 *
 * @module pure-netlink
 */
export * from './netlink/index.js';
export * from './rtnl/index.js';
export * from './api/index.js';
export * as rtnl from './rtnl/index.js';
/** NETLINK_XFRM (IPsec SAs and policies): the `xfrm` family, its structs and attributes, the request builders of `h.xfrm`. */
export * as xfrm from './xfrm/index.js';
// Where the API and the message builders use the same option type names, the root exports the
// API's (what users pass to handles); the builders' are `rtnl.RouteOptions` etc.
export type {
  AddrOptions, AddrlabelOptions, LinkAddOptions, NeighOptions, NexthopOptions, RouteGetOptions, RouteNexthop, RouteOptions, RuleOptions,
} from './api/index.js';
export * from './system/index.js';
export { VERSION, IPROUTE2_VERSION } from './version.js';
