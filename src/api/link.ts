/**
 * `handle.link`: network interfaces (`ip link ...`). The verbs are in link/api.ts, the pending
 * changes (`link('x').up().mtu(1400)`) in link/change.ts, the options in link/options.ts and
 * their checks and encoding in link/encode.ts; each kind's own options live in its module
 * (src/rtnl/link/kinds/).
 */
export * from './link/options.js';
export { LinkApi, linkAccessor, notFound, type LinkAccessor } from './link/api.js';
export { LinkChange, LinkRef, type LinkGroupTarget } from './link/change.js';
