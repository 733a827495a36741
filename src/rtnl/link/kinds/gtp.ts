/**
 * GTP tunnels (IFLA_GTP_*, linux/if_link.h).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { ipv4, ipv6, u32, u8 } from '../../../netlink/types.js';
import { GTP_ROLE } from '../constants.js';
import { schemaKind } from './kind.js';

/** IFLA_GTP_* */
export const gtpAttrs = attrs('IFLA_GTP_', {
  fd0: [1, 'FD0', u32],
  fd1: [2, 'FD1', u32],
  pdpHashsize: [3, 'PDP_HASHSIZE', u32],
  role: [4, 'ROLE', enumOf(u32, GTP_ROLE)],
  createSockets: [5, 'CREATE_SOCKETS', u8],
  restartCount: [6, 'RESTART_COUNT', u8],
  local: [7, 'LOCAL', ipv4],
  local6: [8, 'LOCAL6', ipv6],
});

/** `ip link add NAME type gtp`: options are the IFLA_INFO_DATA attributes. */
export const gtp = schemaKind(['gtp'] as const, gtpAttrs);
