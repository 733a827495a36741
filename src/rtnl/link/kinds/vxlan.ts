/**
 * vxlan (IFLA_VXLAN_* of linux/if_link.h; iproute2 ip/iplink_vxlan.c).
 */
import { enumOf } from '../../../netlink/enums.js';
import { attrs, struct } from '../../../netlink/schema.js';
import { be16, be32, binary, flag, ipv4, ipv6, u32, u8 } from '../../../netlink/types.js';
import { flagOrU8 } from '../codecs.js';
import { TUNNEL_DF, VXLAN_LABEL_POLICY } from '../constants.js';
import { ValidationError } from '../../../netlink/errors.js';
import { checkInt, parseAddress } from '../../validate.js';
import { matches } from './words.js';
import { defineKind, type DataOptions, type KindArgs, type KindEncodeContext, type KindParseContext, type KindPrint, type KindRequest, type ValueOf } from './kind.js';
import { enumNum, num, PRINT_ANY, PRINT_FP, PRINT_JSON } from './print.js';

/** struct ifla_vxlan_port_range / ifla_geneve_port_range */
export const portRange = struct('ifla_vxlan_port_range', [
  ['low', be16],
  ['high', be16],
]);

/** IFLA_VXLAN_* */
export const vxlanAttrs = attrs('IFLA_VXLAN_', {
  id: [1, 'ID', u32],
  group: [2, 'GROUP', ipv4],
  link: [3, 'LINK', u32],
  local: [4, 'LOCAL', ipv4],
  ttl: [5, 'TTL', u8],
  tos: [6, 'TOS', u8],
  learning: [7, 'LEARNING', u8],
  ageing: [8, 'AGEING', u32],
  limit: [9, 'LIMIT', u32],
  portRange: [10, 'PORT_RANGE', portRange],
  proxy: [11, 'PROXY', u8],
  rsc: [12, 'RSC', u8],
  l2miss: [13, 'L2MISS', u8],
  l3miss: [14, 'L3MISS', u8],
  port: [15, 'PORT', be16],
  group6: [16, 'GROUP6', ipv6],
  local6: [17, 'LOCAL6', ipv6],
  udpCsum: [18, 'UDP_CSUM', u8],
  udpZeroCsum6Tx: [19, 'UDP_ZERO_CSUM6_TX', u8],
  udpZeroCsum6Rx: [20, 'UDP_ZERO_CSUM6_RX', u8],
  remcsumTx: [21, 'REMCSUM_TX', u8],
  remcsumRx: [22, 'REMCSUM_RX', u8],
  gbp: [23, 'GBP', flag],
  remcsumNopartial: [24, 'REMCSUM_NOPARTIAL', flag],
  collectMetadata: [25, 'COLLECT_METADATA', u8],
  label: [26, 'LABEL', be32],
  gpe: [27, 'GPE', flag],
  ttlInherit: [28, 'TTL_INHERIT', flagOrU8],
  df: [29, 'DF', enumOf(u8, TUNNEL_DF)],
  vnifilter: [30, 'VNIFILTER', u8],
  localbypass: [31, 'LOCALBYPASS', u8],
  labelPolicy: [32, 'LABEL_POLICY', enumOf(u32, VXLAN_LABEL_POLICY)],
  reservedBits: [33, 'RESERVED_BITS', binary],
  mcRoute: [34, 'MC_ROUTE', u8],
});


/** `ip link add NAME type vxlan id VNI [dstport P] [local A] [group G | remote R] [dev IF] ...` */
export interface VxlanOptions {
  kind: 'vxlan';
  /** VNI (IFLA_VXLAN_ID), 0..16777215; required on add unless `data.collectMetadata` (external). */
  id?: number;
  /** IFLA_VXLAN_PORT (`dstport`). */
  dstport?: number;
  /** IFLA_VXLAN_LOCAL / LOCAL6 */
  local?: string;
  /** Multicast group (IFLA_VXLAN_GROUP / GROUP6). */
  group?: string;
  /** Unicast remote (the same attribute as group; mutually exclusive with it). */
  remote?: string;
  /** Underlay device (IFLA_VXLAN_LINK): name or ifindex. */
  dev?: string | number;
  ttl?: number;
  tos?: number;
  learning?: boolean;
  /** Any other IFLA_VXLAN_* attributes. */
  data?: DataOptions<typeof vxlanAttrs>;
}

async function encode(v: VxlanOptions, ctx: KindEncodeContext): Promise<KindRequest> {
  // `data` first, so that its order is kept (the CLI gives ip's); the options take precedence.
  const d: Record<string, unknown> = { ...(v.data ?? {}) };
  if (v.id !== undefined || (ctx.create && !v.data?.collectMetadata && v.data?.id === undefined)) {
    checkInt(v.id, 'id', 0, 0xffffff);
    d.id = v.id;
  }
  if (v.group !== undefined && v.remote !== undefined) throw new ValidationError('vxlan: group and remote are mutually exclusive', 'remote');
  const peer = v.group ?? v.remote;
  if (peer !== undefined) {
    const p = parseAddress(peer, v.group !== undefined ? 'group' : 'remote');
    d[p.family === 4 ? 'group' : 'group6'] = p.address;
  }
  if (v.local !== undefined) {
    const p = parseAddress(v.local, 'local');
    d[p.family === 4 ? 'local' : 'local6'] = p.address;
  }
  if (v.dev !== undefined) d.link = await ctx.ifindex(v.dev, 'dev');
  if (v.ttl !== undefined) d.ttl = v.ttl;
  if (v.tos !== undefined) d.tos = v.tos;
  if (v.learning !== undefined) d.learning = v.learning ? 1 : 0;
  if (v.dstport !== undefined) {
    checkInt(v.dstport, 'dstport', 0, 65535);
    d.port = v.dstport;
  }
  return Object.keys(d).length ? { data: d } : {};
}

/** `[no]WORD` → IFLA_VXLAN_* 0/1 (u8), as sent while parsing. `WORD` (0/1) is what the bare word sets. */
const TOGGLES: ReadonlyArray<readonly [word: string, key: keyof VxlanData, bare: 0 | 1]> = [
  ['proxy', 'proxy', 1], ['rsc', 'rsc', 1], ['l2miss', 'l2miss', 1], ['l3miss', 'l3miss', 1],
  ['udpcsum', 'udpCsum', 1], ['udp6zerocsumtx', 'udpZeroCsum6Tx', 1], ['udp6zerocsumrx', 'udpZeroCsum6Rx', 1],
  ['remcsumtx', 'remcsumTx', 1], ['remcsumrx', 'remcsumRx', 1],
];
type VxlanData = DataOptions<typeof vxlanAttrs>;

/**
 * iplink_vxlan.c vxlan_parse_opt, with the request it builds: the attributes sent while parsing
 * (dev, ttl, tos, df, flowlabel, ageing, maxaddress, srcport, the toggles, external, gbp, gpe,
 * vnifilter) in command-line order, then id, local, group/remote, learning and dstport, as ip
 * sends them. Returns `data` in that order (encode keeps it) and `dev` for the placeholder `link`.
 */
function parse(a: KindArgs, ctx: KindParseContext): Partial<VxlanOptions> {
  const data: Record<string, unknown> = {};
  const seen = new Set<string>();
  const once = (key: string, word: string): void => {
    if (seen.has(key)) ctx.duparg2(word, a.cur);
    seen.add(key);
  };
  const u = (what: string, v: string, max = 0xffffffff): number => ctx.unsigned(v, max) ?? ctx.invarg(what, v);
  let vni: number | undefined;
  let local: string | undefined;
  let peer: { address: string; multicast: boolean } | undefined;
  let learning = 1;
  let dstport: number | undefined;
  let metadata = false;
  let vnifilter = false;
  let dev: string | undefined;
  const multicast = (addr: string): boolean => (addr.includes(':') ? addr.toLowerCase().startsWith('ff') : isV4Multicast(addr));
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'id') || matches(w, 'vni')) {
      a.next();
      once('id', 'id');
      vni = u('invalid id', a.cur, 0xffffff);
    } else if (matches(w, 'group') || matches(w, 'remote')) {
      const isGroup = matches(w, 'group');
      if (peer && peer.multicast !== isGroup) ctx.fail('vxlan: both group and remote cannot be specified\n');
      a.next();
      once('group', isGroup ? 'group' : 'remote');
      const address = ctx.address(a.cur, local?.includes(':') ? 6 : local !== undefined ? 4 : ctx.addressFamily(a.cur));
      if (multicast(address) !== isGroup) ctx.invarg(isGroup ? 'invalid group address' : 'invalid remote address', a.cur);
      peer = { address, multicast: isGroup };
    } else if (matches(w, 'local')) {
      a.next();
      once('local', 'local');
      const address = ctx.address(a.cur, peer ? (peer.address.includes(':') ? 6 : 4) : ctx.addressFamily(a.cur));
      if (multicast(address)) ctx.invarg('invalid local address', a.cur);
      local = address;
    } else if (matches(w, 'dev')) {
      a.next();
      once('link', 'dev');
      dev = a.cur;
      data.link = 0; // the device's ifindex, resolved when encoding (IFLA_VXLAN_LINK)
    } else if (matches(w, 'ttl') || matches(w, 'hoplimit')) {
      a.next();
      once('ttl', 'ttl');
      if (a.cur === 'inherit') data.ttlInherit = true;
      else if (a.cur === 'auto') data.ttl = 0;
      else {
        const ttl = ctx.unsigned(a.cur) ?? ctx.invarg('invalid TTL', a.cur);
        if (ttl > 255) ctx.invarg('TTL must be <= 255', a.cur);
        data.ttl = ttl;
      }
    } else if (matches(w, 'tos') || matches(w, 'dsfield')) {
      a.next();
      once('tos', 'tos');
      data.tos = a.cur === 'inherit' ? 1 : (ctx.dsfield(a.cur) ?? ctx.invarg('bad TOS value', a.cur));
    } else if (matches(w, 'df')) {
      a.next();
      once('df', 'df');
      if (!['unset', 'set', 'inherit'].includes(a.cur)) ctx.invarg("DF must be 'unset', 'set' or 'inherit'", a.cur);
      data.df = a.cur;
    } else if (matches(w, 'label') || matches(w, 'flowlabel')) {
      a.next();
      once('label', 'flowlabel');
      data.label = u('invalid flowlabel', a.cur, 0xfffff);
    } else if (matches(w, 'ageing')) {
      a.next();
      once('ageing', 'ageing');
      data.ageing = a.cur === 'none' ? 0 : u('ageing timer', a.cur);
    } else if (matches(w, 'maxaddress')) {
      a.next();
      once('limit', 'maxaddress');
      data.limit = a.cur === 'unlimited' ? 0 : u('max addresses', a.cur);
    } else if (matches(w, 'port') || matches(w, 'srcport')) {
      a.next();
      once('portRange', 'srcport');
      const low = u('min port', a.cur, 0xffff);
      a.next();
      const high = u('max port', a.cur, 0xffff);
      if (low || high) data.portRange = { low, high };
    } else if (matches(w, 'dstport')) {
      a.next();
      once('port', 'dstport');
      dstport = u('dst port', a.cur, 0xffff);
    } else if (matches(w, 'nolearning') || matches(w, 'learning')) {
      once('learning', w);
      learning = matches(w, 'nolearning') ? 0 : 1;
    } else if (matches(w, 'external') || matches(w, 'noexternal')) {
      once('collectMetadata', w);
      metadata = matches(w, 'external');
      if (metadata) learning = 0;
      data.collectMetadata = metadata ? 1 : 0;
    } else if (matches(w, 'gbp')) {
      once('gbp', w);
      data.gbp = true;
    } else if (matches(w, 'gpe')) {
      once('gpe', w);
      data.gpe = true;
    } else if (w === 'vnifilter' || w === 'novnifilter') {
      once('vnifilter', w);
      vnifilter = w === 'vnifilter';
      data.vnifilter = vnifilter ? 1 : 0;
    } else {
      // iproute2 tests "noWORD" before "WORD": a prefix of both (e.g. "no") means the negation.
      const off = TOGGLES.find(([word]) => matches(w, `no${word}`));
      const on = off ? undefined : TOGGLES.find(([word]) => matches(w, word));
      const toggle = off ?? on;
      if (toggle) {
        once(toggle[1], w);
        data[toggle[1]] = off ? 1 - toggle[2] : toggle[2];
      } else if (matches(w, 'help')) ctx.usage();
      else ctx.usage(`vxlan: unknown command "${w}"?\n`);
    }
    a.shift();
  }
  if (!metadata && vnifilter) ctx.fail("vxlan: vnifilter is valid only when 'external' is set\n");
  if (metadata && vni !== undefined) ctx.fail("vxlan: both 'external' and vni cannot be specified\n");
  if (ctx.create && !metadata && !vnifilter && vni === undefined) ctx.fail('vxlan: missing virtual network identifier\n');
  if (peer?.multicast && dev === undefined) ctx.fail("vxlan: 'group' requires 'dev' to be specified\n");
  if (dstport === undefined && data.gpe) dstport = 4790;
  else if (dstport === undefined && ctx.create) {
    ctx.warn('vxlan: destination port not specified\nWill use Linux kernel default (non-standard value)\nUse \'dstport 4789\' to get the IANA assigned value\nUse \'dstport 0\' to get default and quiet this message\n');
  }
  if (vni !== undefined) data.id = vni;
  if (local !== undefined) data[local.includes(':') ? 'local6' : 'local'] = local;
  if (peer !== undefined) data[peer.address.includes(':') ? 'group6' : 'group'] = peer.address;
  if (ctx.create || seen.has('learning')) data.learning = learning;
  if (dstport) data.port = dstport;
  return { data: data as VxlanData, ...(dev !== undefined ? { dev } : {}) };
}

function isV4Multicast(a: string): boolean {
  const first = Number(a.split('.')[0]);
  return first >= 224 && first <= 239;
}

/** iplink_vxlan.c vxlan_print_opt */
const print: KindPrint<ValueOf<typeof vxlanAttrs>> = (p, tb, ctx) => {
  if (!tb) return;
  if (tb.collectMetadata !== undefined && num(tb.collectMetadata)) p.bool(PRINT_ANY, 'external', 'external ', true);
  if (tb.vnifilter !== undefined && num(tb.vnifilter)) p.bool(PRINT_ANY, 'vnifilter', 'vnifilter', true);
  if (tb.id !== undefined) p.uint(PRINT_ANY, 'id', 'id %u ', num(tb.id));
  if (tb.group !== undefined) {
    const a = String(tb.group);
    if (a !== '0.0.0.0') {
      if (isV4Multicast(a)) p.string(PRINT_ANY, 'group', 'group %s ', a);
      else p.string(PRINT_ANY, 'remote', 'remote %s ', a);
    }
  } else if (tb.group6 !== undefined) {
    const a = String(tb.group6);
    if (a !== '::') {
      if (a.toLowerCase().startsWith('ff')) p.string(PRINT_ANY, 'group6', 'group %s ', a);
      else p.string(PRINT_ANY, 'remote6', 'remote %s ', a);
    }
  }
  if (tb.local !== undefined) {
    const a = String(tb.local);
    if (a !== '0.0.0.0') p.string(PRINT_ANY, 'local', 'local %s ', a);
  } else if (tb.local6 !== undefined) {
    const a = String(tb.local6);
    if (a !== '::') p.string(PRINT_ANY, 'local6', 'local %s ', a);
  }
  if (tb.link !== undefined) {
    const link = num(tb.link);
    if (link) p.string(PRINT_ANY, 'link', 'dev %s ', ctx.ifname(link));
  }
  if (tb.portRange !== undefined) {
    const low = num(tb.portRange.low);
    const high = num(tb.portRange.high);
    if (p.json) {
      p.openObject('port_range');
      p.uint(PRINT_JSON, 'low', null, low);
      p.uint(PRINT_JSON, 'high', null, high);
      p.closeObject();
    } else p.fp('srcport %u %u ', low, high);
  }
  if (tb.port !== undefined) p.uint(PRINT_ANY, 'port', 'dstport %u ', num(tb.port));
  if (tb.learning !== undefined) {
    const learning = num(tb.learning);
    p.bool(PRINT_JSON, 'learning', null, !!learning);
    if (!learning) p.bool(PRINT_FP, null, 'nolearning ', true);
  }
  if (tb.proxy !== undefined && num(tb.proxy)) p.bool(PRINT_ANY, 'proxy', 'proxy ', true);
  if (tb.rsc !== undefined && num(tb.rsc)) p.bool(PRINT_ANY, 'rsc', 'rsc ', true);
  if (tb.l2miss !== undefined && num(tb.l2miss)) p.bool(PRINT_ANY, 'l2miss', 'l2miss ', true);
  if (tb.l3miss !== undefined && num(tb.l3miss)) p.bool(PRINT_ANY, 'l3miss', 'l3miss ', true);
  const tos = tb.tos !== undefined ? num(tb.tos) : 0;
  if (tos) {
    if (p.json || tos !== 1) p.hex0x(PRINT_ANY, 'tos', 'tos %#llx ', tos);
    else p.string(PRINT_FP, null, 'tos %s ', 'inherit');
  }
  if (tb.ttlInherit !== undefined && num(tb.ttlInherit, 1)) {
    p.string(PRINT_FP, null, 'ttl %s ', 'inherit');
  } else if (tb.ttl !== undefined) {
    const ttl = num(tb.ttl);
    if (p.json || ttl) p.uint(PRINT_ANY, 'ttl', 'ttl %u ', ttl);
    else p.string(PRINT_FP, null, 'ttl %s ', 'auto');
  }
  if (tb.df !== undefined) {
    const df = enumNum(TUNNEL_DF, tb.df, -1);
    if (df === 0) p.string(PRINT_JSON, 'df', 'df %s ', 'unset');
    else if (df === 1) p.string(PRINT_ANY, 'df', 'df %s ', 'set');
    else if (df === 2) p.string(PRINT_ANY, 'df', 'df %s ', 'inherit');
  }
  if (tb.label !== undefined) {
    const label = num(tb.label);
    if (label) p.hex0x(PRINT_ANY, 'label', 'flowlabel %#llx ', label);
  }
  if (tb.ageing !== undefined) {
    const age = num(tb.ageing);
    if (age === 0) p.uint(PRINT_ANY, 'ageing', 'ageing none ', 0);
    else p.uint(PRINT_ANY, 'ageing', 'ageing %u ', age);
  }
  if (tb.limit !== undefined && num(tb.limit) !== 0) p.uint(PRINT_ANY, 'limit', 'maxaddr %u ', num(tb.limit));
  const csum = (key: string, v: unknown, word: string): void => {
    const on = !!num(v);
    if (p.json) p.bool(PRINT_ANY, key, null, on);
    else {
      if (!on) p.fp('no');
      p.fp(word + ' ');
    }
  };
  if (tb.udpCsum !== undefined) csum('udp_csum', tb.udpCsum, 'udpcsum');
  if (tb.udpZeroCsum6Tx !== undefined) csum('udp_zero_csum6_tx', tb.udpZeroCsum6Tx, 'udp6zerocsumtx');
  if (tb.udpZeroCsum6Rx !== undefined) csum('udp_zero_csum6_rx', tb.udpZeroCsum6Rx, 'udp6zerocsumrx');
  if (tb.remcsumTx !== undefined && num(tb.remcsumTx)) p.bool(PRINT_ANY, 'remcsum_tx', 'remcsumtx ', true);
  if (tb.remcsumRx !== undefined && num(tb.remcsumRx)) p.bool(PRINT_ANY, 'remcsum_rx', 'remcsumrx ', true);
  if (tb.gbp !== undefined) p.bool(PRINT_ANY, 'gbp', 'gbp ', true);
  if (tb.gpe !== undefined) p.bool(PRINT_ANY, 'gpe', 'gpe ', true);
};

/**
 * The link kind module of vxlan: options to attributes for `link.add()`, the schema of its
 * IFLA_INFO_DATA (IFLA_VXLAN_*), and how `ip -d link` prints it.
 */
export const vxlan = defineKind<'vxlan', VxlanOptions, typeof vxlanAttrs>({
  kinds: ['vxlan'],
  data: vxlanAttrs,
  optionKeys: ['id', 'dstport', 'local', 'group', 'remote', 'dev', 'ttl', 'tos', 'learning', 'data'],
  encode,
  parse,
  print,
  underlay: (d) => (typeof d.link === 'number' ? d.link : undefined),
  usage: () => USAGE,
});

const USAGE = "Usage: ... vxlan id VNI\n\t\t[ { group | remote } IP_ADDRESS ]\n\t\t[ local ADDR ]\n\t\t[ ttl TTL ]\n\t\t[ tos TOS ]\n\t\t[ df DF ]\n\t\t[ flowlabel LABEL ]\n\t\t[ dev PHYS_DEV ]\n\t\t[ dstport PORT ]\n\t\t[ srcport MIN MAX ]\n\t\t[ [no]learning ]\n\t\t[ [no]proxy ]\n\t\t[ [no]rsc ]\n\t\t[ [no]l2miss ]\n\t\t[ [no]l3miss ]\n\t\t[ ageing SECONDS ]\n\t\t[ maxaddress NUMBER ]\n\t\t[ [no]udpcsum ]\n\t\t[ [no]udp6zerocsumtx ]\n\t\t[ [no]udp6zerocsumrx ]\n\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]\n\t\t[ [no]external ] [ gbp ] [ gpe ]\n\t\t[ [no]vnifilter ]\n\nWhere:\tVNI\t:= 0-16777215\n\tADDR\t:= { IP_ADDRESS | any }\n\tTOS\t:= { NUMBER | inherit }\n\tTTL\t:= { 1..255 | auto | inherit }\n\tDF\t:= { unset | set | inherit }\n\tLABEL := 0-1048575\n";
