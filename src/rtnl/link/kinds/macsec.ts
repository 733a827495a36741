/**
 * macsec (IFLA_MACSEC_*, linux/if_link.h; iproute2 ip/ipmacsec.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs } from '../../../netlink/schema.js';
import { be16, be64, binary, u32, u64, u8 } from '../../../netlink/types.js';
import { MACSEC_OFFLOAD, MACSEC_VALIDATE } from '../constants.js';
import { schemaKind } from './kind.js';
import { big, enumNum, num, PRINT_ANY, PRINT_JSON, type KindPrinter } from './print.js';

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
// MACSEC_CIPHER_ID_* (linux/if_macsec.h)
const CIPHERS = new Map<bigint, string>([
  [0x0080020001000001n, 'GCM-AES-128'], // MACSEC_DEFAULT_CIPHER_ID
  [0x0080c20001000001n, 'GCM-AES-128'],
  [0x0080c20001000002n, 'GCM-AES-256'],
  [0x0080c20001000003n, 'GCM-AES-XPN-128'],
  [0x0080c20001000004n, 'GCM-AES-XPN-256'],
]);
const VALIDATE = ['disabled', 'check', 'strict'];
const OFFLOAD = ['off', 'phy', 'mac'];

/** macsec (ipmacsec.c) */
function printMacsec(p: KindPrinter, tb: Record<string, unknown> | undefined): void {
  if (!tb) return;
  const flag = (desc: string, v: unknown) => {
    if (v === undefined) return;
    if (p.json) p.bool(PRINT_JSON, desc, null, num(v) !== 0);
    else p.fp('%s %s ', desc, num(v) ? 'on' : 'off');
  };
  if (tb.sci !== undefined) {
    const sci = BigInt.asUintN(64, big(tb.sci)).toString(16).padStart(16, '0');
    if (p.json) p.string(PRINT_JSON, 'sci', null, sci);
    else p.fp('sci %s ', sci);
  }
  flag('protect', tb.protect);
  if (tb.cipherSuite !== undefined) p.string(PRINT_ANY, 'cipher_suite', 'cipher %s ', CIPHERS.get(BigInt.asUintN(64, big(tb.cipherSuite))) ?? '(unknown)');
  if (tb.icvLen !== undefined) {
    if (p.json) p.uint(PRINT_JSON, 'icv_len', null, num(tb.icvLen) & 0xff);
    else p.fp('icvlen %u ', num(tb.icvLen) & 0xff);
  }
  if (tb.encodingSa !== undefined) {
    if (p.json) p.uint(PRINT_JSON, 'encoding_sa', null, num(tb.encodingSa) & 0xff);
    else p.fp('encodingsa %u ', num(tb.encodingSa) & 0xff);
  }
  if (tb.validation !== undefined) p.string(PRINT_ANY, 'validation', 'validate %s ', VALIDATE[enumNum(MACSEC_VALIDATE, tb.validation)] ?? '(unknown)');
  if (tb.offload !== undefined) p.string(PRINT_ANY, 'offload', 'offload %s ', OFFLOAD[enumNum(MACSEC_OFFLOAD, tb.offload)] ?? '(unknown)');
  flag('encrypt', tb.encrypt);
  flag(p.json ? 'inc_sci' : 'send_sci', tb.incSci);
  flag(p.json ? 'es' : 'end_station', tb.es);
  flag('scb', tb.scb);
  flag(p.json ? 'replay_protect' : 'replay', tb.replayProtect);
  if (tb.window !== undefined) p.int(PRINT_ANY, 'window', 'window %d ', num(tb.window));
}

/**
 * The link kind module of macsec: options to attributes for `link.add()`, the schema of its
 * IFLA_INFO_DATA (IFLA_MACSEC_*), and how `ip -d link` prints it.
 */
export const macsec = schemaKind(['macsec'] as const, macsecAttrs, { print: printMacsec });
