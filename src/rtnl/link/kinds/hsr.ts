/**
 * hsr and prp (IFLA_HSR_*, linux/if_link.h; iproute2 ip/iplink_hsr.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { mac, u16, u32, u8 } from '../../../netlink/types.js';
import { HSR_PROTOCOL } from '../constants.js';
import { schemaKind } from './kind.js';

/** IFLA_HSR_* (hsr, prp) */
export const hsrAttrs = attrs('IFLA_HSR_', {
  slave1: [1, 'SLAVE1', u32],
  slave2: [2, 'SLAVE2', u32],
  multicastSpec: [3, 'MULTICAST_SPEC', u8],
  supervisionAddr: [4, 'SUPERVISION_ADDR', mac],
  seqNr: [5, 'SEQ_NR', u16],
  version: [6, 'VERSION', u8],
  protocol: [7, 'PROTOCOL', enumOf(u8, HSR_PROTOCOL)],
  interlink: [8, 'INTERLINK', u32],
});

/** `ip link add NAME type hsr`: options are the IFLA_INFO_DATA attributes. */
export const hsr = schemaKind(['hsr'] as const, hsrAttrs);
