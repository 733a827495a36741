/**
 * geneve (IFLA_GENEVE_*, linux/if_link.h; iproute2 ip/iplink_geneve.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { be16, be32, flag, ipv4, ipv6, u32, u8 } from '../../../netlink/types.js';
import { TUNNEL_DF } from '../constants.js';
import { schemaKind } from './kind.js';
import { portRange } from './vxlan.js';

/** IFLA_GENEVE_* */
export const geneveAttrs = attrs('IFLA_GENEVE_', {
  id: [1, 'ID', u32],
  remote: [2, 'REMOTE', ipv4],
  ttl: [3, 'TTL', u8],
  tos: [4, 'TOS', u8],
  port: [5, 'PORT', be16],
  collectMetadata: [6, 'COLLECT_METADATA', flag],
  remote6: [7, 'REMOTE6', ipv6],
  udpCsum: [8, 'UDP_CSUM', u8],
  udpZeroCsum6Tx: [9, 'UDP_ZERO_CSUM6_TX', u8],
  udpZeroCsum6Rx: [10, 'UDP_ZERO_CSUM6_RX', u8],
  label: [11, 'LABEL', be32],
  ttlInherit: [12, 'TTL_INHERIT', u8],
  df: [13, 'DF', enumOf(u8, TUNNEL_DF)],
  innerProtoInherit: [14, 'INNER_PROTO_INHERIT', flag],
  portRange: [15, 'PORT_RANGE', portRange],
  groHint: [16, 'GRO_HINT', flag],
  local: [17, 'LOCAL', ipv4],
  local6: [18, 'LOCAL6', ipv6],
});

/** `ip link add NAME type geneve`: options are the IFLA_INFO_DATA attributes. */
export const geneve = schemaKind(['geneve'] as const, geneveAttrs);
