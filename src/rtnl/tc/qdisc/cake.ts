/** cake (common applications kept enhanced): TCA_CAKE_*. */
import { defineEnum, enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { binary, s32, u32, u64 } from '../../../netlink/types.js';
import { tcKinds } from '../schema.js';

/** CAKE_DIFFSERV_* */
export const CAKE_DIFFSERV = defineEnum('CAKE_DIFFSERV_', { diffserv3: 0, diffserv4: 1, diffserv8: 2, besteffort: 3, precedence: 4 });
/** CAKE_FLOW_* */
export const CAKE_FLOW = defineEnum('CAKE_FLOW_', {
  flowblind: 0, srchost: 1, dsthost: 2, hosts: 3, flows: 4, 'dual-srchost': 5, 'dual-dsthost': 6, triple: 7,
});
/** CAKE_ACK_* */
export const CAKE_ACK = defineEnum('CAKE_ACK_', { 'no-ack-filter': 0, 'ack-filter': 1, 'ack-filter-aggressive': 2 });
/** CAKE_ATM_* */
export const CAKE_ATM = defineEnum('CAKE_ATM_', { noatm: 0, atm: 1, ptm: 2 });

/**
 * TCA_CAKE_*: the TCA_OPTIONS of the cake qdisc: Common Applications Kept Enhanced: shaping, flow
 * isolation, DiffServ.
 */
export const cakeAttrs = attrs('TCA_CAKE_', {
  baseRate64: [2, 'BASE_RATE64', u64],
  diffservMode: [3, 'DIFFSERV_MODE', enumOf(u32, CAKE_DIFFSERV)],
  atm: [4, 'ATM', enumOf(u32, CAKE_ATM)],
  flowMode: [5, 'FLOW_MODE', enumOf(u32, CAKE_FLOW)],
  overhead: [6, 'OVERHEAD', s32],
  rtt: [7, 'RTT', u32],
  target: [8, 'TARGET', u32],
  autorate: [9, 'AUTORATE', u32],
  memory: [10, 'MEMORY', u32],
  nat: [11, 'NAT', u32],
  raw: [12, 'RAW', u32],
  wash: [13, 'WASH', u32],
  mpu: [14, 'MPU', u32],
  ingress: [15, 'INGRESS', u32],
  ackFilter: [16, 'ACK_FILTER', enumOf(u32, CAKE_ACK)],
  splitGso: [17, 'SPLIT_GSO', u32],
  fwmark: [18, 'FWMARK', u32],
  pad: [1, 'PAD', binary],
});
tcKinds.register('cake', cakeAttrs);

declare module '../schema.js' {
  interface TcKindCodecs {
    cake: typeof cakeAttrs;
  }
}
