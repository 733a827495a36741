/**
 * pure-netlink: Linux rtnetlink in pure TypeScript.
 *
 * - `decode(bytes)` / `encode(messages)`: any rtnetlink datagram to typed messages and back.
 * - src/netlink: the generic layer (schema engine, session, transports, errors).
 * - src/rtnl: rtnetlink schemas, constants and request builders.
 */
export * from './netlink/index.js';
export * from './rtnl/index.js';
