/**
 * The list of link-kind modules: one line per module file. Every kind module exported here is
 * registered by ./index.ts (its codecs, options, words and printing); the files' other exports
 * (attribute sets, options types) become part of the public `pure-netlink/rtnl` API.
 */
export * from './veth.js';
export * from './netkit.js';
export * from './bridge.js';
export * from './vxlan.js';
export * from './geneve.js';
export * from './bareudp.js';
export * from './macvlan.js';
export * from './ipvlan.js';
export * from './vlan.js';
export * from './vrf.js';
export * from './bond.js';
export * from './gre.js';
export * from './gre6.js';
export * from './vti.js';
export * from './vti6.js';
export * from './iptnl.js';
export * from './ip6tnl.js';
export * from './xfrm.js';
export * from './tun.js';
export * from './macsec.js';
export * from './hsr.js';
export * from './ipoib.js';
export * from './rmnet.js';
export * from './gtp.js';
export * from './ppp.js';
export * from './dsa.js';
export * from './ovpn.js';
export * from './wwan.js';
export * from './nodata.js';

// Not a kind: what the IP tunnel modules share.
export * from './tunnel.js';
