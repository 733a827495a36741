/**
 * geneve (IFLA_GENEVE_*, linux/if_link.h; iproute2 ip/iplink_geneve.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { be16, be32, flag, ipv4, ipv6, u32, u8 } from '../../../netlink/types.js';
import { TUNNEL_DF } from '../constants.js';
import { schemaKind } from './kind.js';
import { portRange } from './vxlan.js';
import { enumNum, num, PRINT_ANY, PRINT_FP, PRINT_JSON, type KindPrinter } from './print.js';
import { tos } from './tunnel-print.js';

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
/** geneve (iplink_geneve.c) */
function printGeneve(p: KindPrinter, tb: Record<string, unknown> | undefined): void {
  if (!tb) return;
  if (tb.collectMetadata !== undefined) p.bool(PRINT_ANY, 'external', 'external ', true);
  if (tb.id !== undefined) p.uint(PRINT_ANY, 'id', 'id %u ', num(tb.id));
  if (tb.remote !== undefined) {
    if (String(tb.remote) !== '0.0.0.0') p.string(PRINT_ANY, 'remote', 'remote %s ', String(tb.remote));
  } else if (tb.remote6 !== undefined) {
    const a = String(tb.remote6);
    if (a !== '::' && !a.toLowerCase().startsWith('ff')) p.string(PRINT_ANY, 'remote6', 'remote %s ', a);
  }
  if (tb.ttlInherit !== undefined && num(tb.ttlInherit)) p.string(PRINT_FP, null, 'ttl %s ', 'inherit');
  else if (tb.ttl !== undefined) {
    const t = num(tb.ttl);
    if (p.json || t) p.uint(PRINT_ANY, 'ttl', 'ttl %u ', t);
    else p.string(PRINT_FP, null, 'ttl %s ', 'auto');
  }
  tos(p, tb.tos);
  if (tb.df !== undefined) {
    const df = enumNum(TUNNEL_DF, tb.df);
    if (df === 0) p.string(PRINT_JSON, 'df', 'df %s ', 'unset');
    else if (df === 1) p.string(PRINT_ANY, 'df', 'df %s ', 'set');
    else if (df === 2) p.string(PRINT_ANY, 'df', 'df %s ', 'inherit');
  }
  if (tb.label !== undefined && num(tb.label)) p.hex0x(PRINT_ANY, 'label', 'flowlabel %#llx ', num(tb.label) >>> 0);
  if (tb.port !== undefined) p.uint(PRINT_ANY, 'port', 'dstport %u ', num(tb.port));
  const csum = (key: string, v: unknown, word: string): void => {
    if (v === undefined) return;
    if (p.json) p.bool(PRINT_JSON, key, null, num(v) !== 0);
    else p.fp(`${num(v) ? '' : 'no'}${word} `);
  };
  csum('udp_csum', tb.udpCsum, 'udpcsum');
  csum('udp_zero_csum6_tx', tb.udpZeroCsum6Tx, 'udp6zerocsumtx');
  csum('udp_zero_csum6_rx', tb.udpZeroCsum6Rx, 'udp6zerocsumrx');
  if (tb.innerProtoInherit !== undefined) p.bool(PRINT_ANY, 'inner_proto_inherit', 'innerprotoinherit ', true);
}

/**
 * The link kind module of geneve: options to attributes for `link.add()`, the schema of its
 * IFLA_INFO_DATA (IFLA_GENEVE_*), and how `ip -d link` prints it.
 */
export const geneve = schemaKind(['geneve'] as const, geneveAttrs, { print: printGeneve });
