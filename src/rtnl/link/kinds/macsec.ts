/**
 * macsec (IFLA_MACSEC_*, linux/if_link.h; iproute2 ip/ipmacsec.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { be16, be64, binary, u32, u64, u8 } from '../../../netlink/types.js';
import { MACSEC_OFFLOAD, MACSEC_VALIDATE } from '../constants.js';
import { schemaKind } from './kind.js';

/** IFLA_MACSEC_* */
export const macsecAttrs = attrs('IFLA_MACSEC_', {
  sci: [1, 'SCI', be64],
  port: [2, 'PORT', be16],
  icvLen: [3, 'ICV_LEN', u8],
  cipherSuite: [4, 'CIPHER_SUITE', u64],
  window: [5, 'WINDOW', u32],
  encodingSa: [6, 'ENCODING_SA', u8],
  encrypt: [7, 'ENCRYPT', u8],
  protect: [8, 'PROTECT', u8],
  incSci: [9, 'INC_SCI', u8],
  es: [10, 'ES', u8],
  scb: [11, 'SCB', u8],
  replayProtect: [12, 'REPLAY_PROTECT', u8],
  validation: [13, 'VALIDATION', enumOf(u8, MACSEC_VALIDATE)],
  pad: [14, 'PAD', binary],
  offload: [15, 'OFFLOAD', enumOf(u8, MACSEC_OFFLOAD)],
});

/** `ip link add NAME type macsec`: options are the IFLA_INFO_DATA attributes. */
export const macsec = schemaKind(['macsec'] as const, macsecAttrs);
