/**
 * The flower keys whose printing needs more than one line of flower-print.ts (iproute2
 * tc/f_flower.c): MPLS (the single-label keys and TCA_FLOWER_KEY_MPLS_OPTS' label stack), the
 * tunnel keys (enc_*, with the geneve / vxlan / erspan / gtp options of TCA_FLOWER_KEY_ENC_OPTS),
 * PPPoE, and conntrack (ct_state / ct_zone / ct_mark / ct_label). The nested option sets stay
 * bytes in the schema (flowerAttrs): they are walked here as iproute2 walks them.
 */
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import { be32, hexOf, nlas, table, u32, u8 } from '../nla-bytes.js';
import { geneveOption } from '../geneve-option.js';

type Opts = Record<string, unknown>;

/** print_indent_name_value (f_flower.c): a new line, two spaces, `name value` (JSON: a string). */
export function indent(p: Printer, name: string, value: string): void {
  p.string(PRINT_FP, null, '%s  ', '\n');
  p.string(PRINT_ANY, name, `${name} %s`, value);
}

/** print_uint_indent_name_value after print_nl: `  name N` (JSON: a number). */
function uintLine(p: Printer, name: string, value: number): void {
  p.nl();
  p.string(PRINT_FP, null, '  ', null);
  p.uint(PRINT_ANY, name, `${name} %u`, value);
}

/** print_masked_type (tc_util.c) with newline: `name V` and `/0xM` when masked (`max`: unmasked). */
export function masked(p: Printer, name: string, value: unknown, mask: unknown, max: number): void {
  if (value === undefined) return;
  const m = mask === undefined ? max : Number(mask);
  p.string(PRINT_FP, null, '%s  ', '\n');
  p.uint(PRINT_ANY, name, `${name} %u`, Number(value));
  if (m !== max) p.hex(PRINT_ANY, `${name}_mask`, '/0x%x', m);
}

/** flower_print_masked_u8: `V` (or its name from `toName` when unmasked) and `/M` when masked. */
export function maskedU8(p: Printer, name: string, value: unknown, mask: unknown, toName?: (v: number) => string | undefined): void {
  if (value === undefined) return;
  const v = Number(value);
  const m = mask === undefined ? 0xff : Number(mask);
  const str = m === 0xff && toName ? toName(v) : undefined;
  indent(p, name, `${str ?? v}${m !== 0xff ? `/${m}` : ''}`);
}

// TCA_FLOWER_KEY_MPLS_OPTS_LSE (1); TCA_FLOWER_KEY_MPLS_OPT_LSE_DEPTH (1), TTL (2), BOS (3), TC (4), LABEL (5)
const LSE = { depth: 1, ttl: 2, bos: 3, tc: 4, label: 5 };

/** flower_print_mpls_opts and the single-label keys (mpls_label, mpls_tc, mpls_bos, mpls_ttl). */
export function printMpls(p: Printer, o: Opts): void {
  if (o.keyMplsOpts instanceof Uint8Array) {
    p.nl();
    p.string(PRINT_FP, null, '  mpls', null);
    p.openArray(PRINT_JSON, 'mpls');
    for (const lse of nlas(o.keyMplsOpts)) {
      const t = table(lse.data);
      p.nl();
      p.string(PRINT_FP, null, '    lse', null);
      p.openObject(null);
      if (t.has(LSE.depth)) p.hhu(PRINT_ANY, 'depth', ' depth %u', u8(t.get(LSE.depth)));
      if (t.has(LSE.label)) p.uint(PRINT_ANY, 'label', ' label %u', u32(t.get(LSE.label)));
      if (t.has(LSE.tc)) p.hhu(PRINT_ANY, 'tc', ' tc %u', u8(t.get(LSE.tc)));
      if (t.has(LSE.bos)) p.hhu(PRINT_ANY, 'bos', ' bos %u', u8(t.get(LSE.bos)));
      if (t.has(LSE.ttl)) p.hhu(PRINT_ANY, 'ttl', ' ttl %u', u8(t.get(LSE.ttl)));
      p.closeObject();
    }
    p.closeArray(PRINT_JSON, null);
  }
  if (o.keyMplsLabel !== undefined) uintLine(p, 'mpls_label', Number(o.keyMplsLabel));
  maskedU8(p, 'mpls_tc', o.keyMplsTc, undefined);
  maskedU8(p, 'mpls_bos', o.keyMplsBos, undefined);
  maskedU8(p, 'mpls_ttl', o.keyMplsTtl, undefined);
}

/** ppp_proto_names (lib/ppp_proto.c): PPP protocol numbers and their names. */
const PPP_PROTO: Record<number, string> = {
  0x21: 'ip', 0x29: 'at', 0x2b: 'ipx', 0x2d: 'vjc_comp', 0x2f: 'vjc_uncomp', 0x3d: 'mp', 0x57: 'ipv6', 0xfb: 'compfrag', 0xfd: 'comp',
  0x281: 'mpls_uc', 0x283: 'mpls_mc', 0x8021: 'ipcp', 0x8029: 'atcp', 0x802b: 'ipxcp', 0x8057: 'ipv6cp', 0x80fb: 'ccpfrag', 0x80fd: 'ccp',
  0x8281: 'mplscp', 0xc021: 'lcp', 0xc023: 'pap', 0xc025: 'lqr', 0xc223: 'chap', 0xc029: 'cbcp',
};

/** pppoe_sid and ppp_proto (ppp_proto_n2a: the name, or `[N]`). */
export function printPppoe(p: Printer, o: Opts): void {
  if (o.keyPppoeSid !== undefined) {
    p.nl();
    p.uint(PRINT_ANY, 'pppoe_sid', '  pppoe_sid %u', Number(o.keyPppoeSid));
  }
  if (o.keyPppProto !== undefined) {
    const v = Number(o.keyPppProto);
    p.nl();
    p.string(PRINT_ANY, 'ppp_proto', '  ppp_proto %s', PPP_PROTO[v] ?? `[${v}]`);
  }
}

/** The `a.b.c.d[/len|/mask]` of flower_print_ip_addr, given the address and mask as text and bytes. */
type AddrPrinter = (p: Printer, name: string, v6: boolean, addr: unknown, mask: unknown) => void;

// TCA_FLOWER_KEY_ENC_OPTS_GENEVE (1), VXLAN (2), ERSPAN (3), GTP (4)
const ENC = { geneve: 1, vxlan: 2, erspan: 3, gtp: 4 };

/** flower_print_geneve_opts: the JSON array, and `class:type:data` joined by commas (text). */
function geneveOpts(p: Printer, name: string, attr: Uint8Array): string {
  const parts: string[] = [];
  p.openArray(PRINT_JSON, name);
  // iproute2 walks the options inside the first TCA_FLOWER_KEY_ENC_OPTS_GENEVE nest
  let rest = attr;
  while (rest.length) {
    const option = geneveOption(p, rest);
    parts.push(option.text);
    rest = option.rest;
  }
  p.closeArray(PRINT_JSON, name);
  return parts.join(',');
}

function vxlanOpts(p: Printer, name: string, attr: Uint8Array): string {
  const gbp = u32(table(attr).get(1));
  p.openArray(PRINT_JSON, name);
  p.openObject(null);
  p.uint(PRINT_JSON, 'gbp', null, gbp);
  p.closeObject();
  p.closeArray(PRINT_JSON, name);
  return String(gbp);
}

// TCA_FLOWER_KEY_ENC_OPT_ERSPAN_VER (1), INDEX (2, be32), DIR (3), HWID (4)
function erspanOpts(p: Printer, name: string, attr: Uint8Array): string {
  const t = table(attr);
  const ver = u8(t.get(1));
  const idx = ver === 1 ? be32(t.get(2)) : 0;
  const hwid = ver === 1 ? 0 : u8(t.get(4));
  const dir = ver === 1 ? 0 : u8(t.get(3));
  p.openArray(PRINT_JSON, name);
  p.openObject(null);
  p.uint(PRINT_JSON, 'ver', null, ver);
  p.uint(PRINT_JSON, 'index', null, idx);
  p.uint(PRINT_JSON, 'dir', null, dir);
  p.uint(PRINT_JSON, 'hwid', null, hwid);
  p.closeObject();
  p.closeArray(PRINT_JSON, name);
  return `${ver}:${idx}:${dir}:${hwid}`;
}

// TCA_FLOWER_KEY_ENC_OPT_GTP_PDU_TYPE (1), QFI (2): text only
function gtpOpts(attr: Uint8Array): string {
  const t = table(attr);
  return `${u8(t.get(1)).toString(16).padStart(2, '0')}:${u8(t.get(2)).toString(16).padStart(2, '0')}`;
}

/** flower_print_enc_opts / flower_print_enc_parts: `key/mask` pairs of each option (text only). */
function printEncOpts(p: Printer, key: Uint8Array | undefined, mask: Uint8Array | undefined): void {
  if (!key) return;
  const k = table(key);
  const m = table(mask);
  const kinds: Array<[number, string, (name: string, a: Uint8Array) => string]> = [
    [ENC.geneve, 'geneve', (n, a) => geneveOpts(p, n, a)],
    [ENC.vxlan, 'vxlan', (n, a) => vxlanOpts(p, n, a)],
    [ENC.erspan, 'erspan', (n, a) => erspanOpts(p, n, a)],
    [ENC.gtp, 'gtp', (_n, a) => gtpOpts(a)],
  ];
  for (const [type, name, print] of kinds) {
    const ka = k.get(type);
    if (!ka) continue;
    const keyText = print(`${name}_opt_key`, ka);
    const ma = m.get(type);
    const maskText = ma ? print(`${name}_opt_mask`, ma) : '';
    const masks = maskText.split(',');
    const out = keyText.split(',').map((kt, i) => `${kt}/${masks[i] ?? '(null)'}`);
    p.nl();
    p.string(PRINT_FP, 'enc_opt', `  ${name}_opts %s`, out.join(','));
    return;
  }
}

/** The tunnel keys: enc_dst_ip, enc_src_ip, enc_key_id, enc_dst_port, enc_tos, enc_ttl, the options. */
export function printEnc(p: Printer, o: Opts, ipAddr: AddrPrinter): void {
  // flower_print_ip_addr with ETH_P_IP when the IPv4 mask is there, IPv6 otherwise
  const dst4 = o.keyEncIpv4DstMask !== undefined;
  ipAddr(p, 'enc_dst_ip', !dst4, dst4 ? o.keyEncIpv4Dst : o.keyEncIpv6Dst, dst4 ? o.keyEncIpv4DstMask : o.keyEncIpv6DstMask);
  const src4 = o.keyEncIpv4SrcMask !== undefined;
  ipAddr(p, 'enc_src_ip', !src4, src4 ? o.keyEncIpv4Src : o.keyEncIpv6Src, src4 ? o.keyEncIpv4SrcMask : o.keyEncIpv6SrcMask);
  if (o.keyEncKeyId !== undefined) uintLine(p, 'enc_key_id', Number(o.keyEncKeyId));
  masked(p, 'enc_dst_port', o.keyEncUdpDstPort, o.keyEncUdpDstPortMask, 0xffff);
  masked(p, 'enc_tos', o.keyEncIpTos, o.keyEncIpTosMask, 0xff);
  masked(p, 'enc_ttl', o.keyEncIpTtl, o.keyEncIpTtlMask, 0xff);
  printEncOpts(p, o.keyEncOpts as Uint8Array | undefined, o.keyEncOptsMask as Uint8Array | undefined);
}

// flower_ct_states: TCA_FLOWER_KEY_CT_FLAGS_* in iproute2's order
const CT_STATES: Array<[string, number]> = [['trk', 1 << 3], ['new', 1 << 0], ['est', 1 << 1], ['rel', 1 << 2], ['inv', 1 << 4], ['rpl', 1 << 5]];

/** flower_print_ct_state, ct_zone, ct_mark, ct_label. */
export function printCt(p: Printer, o: Opts): void {
  if (o.keyCtState !== undefined) {
    const state = Number(o.keyCtState);
    const mask = o.keyCtStateMask === undefined ? 0xffff : Number(o.keyCtStateMask);
    let out = '';
    for (const [name, flag] of CT_STATES) if (mask & flag) out += `${state & flag ? '+' : '-'}${name}`;
    p.nl();
    p.string(PRINT_ANY, 'ct_state', '  ct_state %s', out);
  }
  masked(p, 'ct_zone', o.keyCtZone, o.keyCtZoneMask, 0xffff);
  masked(p, 'ct_mark', o.keyCtMark, o.keyCtMarkMask, 0xffffffff);
  if (o.keyCtLabels instanceof Uint8Array) {
    const label = o.keyCtLabels;
    const mask = o.keyCtLabelsMask instanceof Uint8Array ? o.keyCtLabelsMask : new Uint8Array(label.length);
    const full = label.length === 16 && mask.every((b) => b === 0xff);
    p.nl();
    p.string(PRINT_ANY, 'ct_label', '  ct_label %s', `${hexOf(label)}${full ? '' : `/${hexOf(mask.subarray(0, label.length))}`}`);
  }
}
