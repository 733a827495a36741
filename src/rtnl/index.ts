/**
 * rtnetlink: the family (`rtnetlink`), its schemas, constants and request builders.
 *
 * @module pure-netlink/rtnl
 */
export * from './constants.js';
export * from './family.js';
export * from './link/index.js';
export * from './addr/index.js';
export * from './route/index.js';
export * from './neigh/index.js';
export * from './rule/index.js';
export * from './nsid/index.js';
export * from './tc/index.js';
export * from './nexthop/index.js';
export * from './addrlabel/index.js';
export * from './bridge/index.js';
