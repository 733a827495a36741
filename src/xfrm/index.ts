/**
 * NETLINK_XFRM (IPsec SAs and policies): the `xfrm` Family, its structs and attributes, and the
 * request builders that `h.xfrm` and `pure-ip xfrm` share.
 */
export * from './constants.js';
export { xfrm } from './family.js';
export type { GetOrDumpBody } from './family.js';
export * from './schema.js';
export { xaddr, xaddrBytes, xaddrText, FamilyStruct, familyStruct } from './address.js';
export * from './requests.js';
