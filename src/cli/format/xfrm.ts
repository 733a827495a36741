/**
 * `ip xfrm state` / `ip xfrm policy` text, byte for byte as iproute2 6.1 prints it
 * (ip/ipxfrm.c xfrm_state_info_print, xfrm_policy_info_print, xfrm_xfrma_print; ip/xfrm_state.c
 * print_sadinfo; ip/xfrm_policy.c print_spdinfo), including -s and -o. iproute2 has no JSON for
 * xfrm (`ip -j xfrm ...` prints this text); pure-ip's `-j` prints the API's views (xfrmJson).
 */
import { xaddrBytes, xaddrText } from '../../xfrm/address.js';
import { XFRM_INF, XFRM_MODE, XFRM_POLICY_MAX, XFRM_PROTO } from '../../xfrm/constants.js';
import type { XfrmAttrs, XfrmLifetimeCfg, XfrmSelector, XfrmUserpolicyInfo, XfrmUsersaInfo, XfrmUserTmpl } from '../../xfrm/schema.js';
import { flagWordOf } from '../../netlink/enums.js';
import { XFRM_POLICY_FLAG, XFRM_POLICY_TYPE, XFRM_SHARE, XFRM_STATE } from '../../xfrm/constants.js';

export interface XfrmPrintOptions {
  stats: number;
  oneline: boolean;
  /** -4 / -6 (ip's preferred_family), for selectors without a family. */
  family: number;
  nokeys?: boolean;
  /** ifindex → name (ll_index_to_name). */
  ifname(index: number): string;
}

const AF_INET = 2;
const AF_INET6 = 10;

/** rt_addr_n2a for an xfrm_address_t in `family` ("???" for another family, as iproute2). */
function n2a(text: string, family: number): string {
  const b = xaddrBytes(text);
  if (family === AF_INET) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  if (family === AF_INET6) return xaddrText(b, 0, AF_INET6);
  return '???';
}

/** printf %#x: "0" for 0, else "0x..." */
const hashx = (v: number) => (v === 0 ? '0' : '0x' + (v >>> 0).toString(16));
const hex8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

const PROTO_NAMES: Record<number, string> = {
  0: 'ip', 1: 'icmp', 2: 'igmp', 4: 'ipencap', 6: 'tcp', 17: 'udp', 41: 'ipv6', 43: 'ipv6-route', 44: 'ipv6-frag', 47: 'gre', 50: 'esp', 51: 'ah',
  58: 'ipv6-icmp', 59: 'ipv6-nonxt', 60: 'ipv6-opts', 108: 'ipcomp', 132: 'sctp', 135: 'mobility-header', 136: 'udplite', 137: 'mpls-in-ip', 33: 'dccp',
  115: 'l2tp', 94: 'ipip', 97: 'etherip', 103: 'pim', 112: 'vrrp', 143: 'ethernet', 8: 'egp', 12: 'pup', 27: 'rdp', 29: 'iso-tp4', 36: 'xtp', 37: 'ddp',
  38: 'idpr-cmtp', 46: 'rsvp', 57: 'skip', 73: 'rspf', 81: 'vmtp', 88: 'eigrp', 89: 'ospf', 93: 'ax.25', 98: 'encap', 109: 'snp', 131: 'ptp',
  139: 'hip', 140: 'shim', 141: 'wesp', 142: 'rohc', 3: 'ggp', 5: 'st', 9: 'igp', 20: 'hmp', 22: 'xns-idp', 45: 'idrp', 255: 'raw', 262: 'mptcp',
};

/** strxf_proto: getprotobynumber's name (Debian's /etc/protocols), else the number. */
export function protoName(p: number): string {
  return PROTO_NAMES[p] ?? String(p);
}

const xproto = (p: string | number) => (typeof p === 'string' ? p : XFRM_PROTO.names.get(p) ?? String(p));
const modeName = (m: string | number) => (typeof m === 'string' && m !== 'iptfs' ? m : String(typeof m === 'string' ? XFRM_MODE.value(m) : m));

function flagList(out: string[], word: number, names: ReadonlyArray<[number, string]>): number {
  for (const [bit, name] of names) {
    if (word & bit) {
      word &= ~bit;
      out.push(name + (word ? ' ' : ''));
    }
  }
  if (word) out.push(word.toString(16));
  return word;
}

const STATE_FLAGS: Array<[number, string]> = [[1, 'noecn'], [2, 'decap-dscp'], [4, 'nopmtudisc'], [8, 'wildrecv'], [16, 'icmp'], [32, 'af-unspec'], [64, 'align4'], [128, 'esn']];
const EXTRA_FLAGS: Array<[number, string]> = [[1, 'dont-encap-dscp'], [2, 'oseq-may-wrap']];
const POLICY_FLAGS: Array<[number, string]> = [[1, 'localok'], [2, 'icmp']];

const mask8 = (v: number) => v.toString(2).padStart(8, '0');

function limit(v: bigint): string {
  return v === XFRM_INF ? '(INF)' : String(v);
}

function time(v: bigint): string {
  if (v === 0n) return '-';
  const d = new Date(Number(v) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

class Out {
  s = '';
  constructor(readonly SL: string) {}
  w(t: string): void {
    this.s += t;
  }
}

function idInfo(o: Out, opt: XfrmPrintOptions, saddr: string, id: { daddr: string; spi: number; proto: string | number }, mode: string | number, reqid: number, family: number, forceSpi: boolean, prefix: string | undefined, title: string | undefined): void {
  if (title) o.w(title);
  o.w(`src ${n2a(saddr, family)} dst ${n2a(id.daddr, family)}${o.SL}`);
  if (prefix) o.w(prefix);
  o.w('\t');
  o.w(`proto ${xproto(id.proto)} `);
  if (opt.stats > 0 || forceSpi || id.spi) {
    o.w(`spi 0x${hex8(id.spi)}`);
    if (opt.stats > 0) o.w(`(${id.spi})`);
    o.w(' ');
  }
  o.w(`reqid ${reqid}`);
  if (opt.stats > 0) o.w(`(0x${hex8(reqid)})`);
  o.w(' ');
  o.w(`mode ${modeName(mode)}${o.SL}`);
}

function lifetimePrint(o: Out, cfg: XfrmLifetimeCfg, cur: { bytes: bigint; packets: bigint; addTime: bigint; useTime: bigint }, prefix: string): void {
  o.w(`${prefix}lifetime config:${o.SL}`);
  o.w(`${prefix}  limit: soft ${limit(cfg.softByteLimit)}(bytes), hard ${limit(cfg.hardByteLimit)}(bytes)${o.SL}`);
  o.w(`${prefix}  limit: soft ${limit(cfg.softPacketLimit)}(packets), hard ${limit(cfg.hardPacketLimit)}(packets)${o.SL}`);
  o.w(`${prefix}  expire add: soft ${cfg.softAddExpiresSeconds}(sec), hard ${cfg.hardAddExpiresSeconds}(sec)${o.SL}`);
  o.w(`${prefix}  expire use: soft ${cfg.softUseExpiresSeconds}(sec), hard ${cfg.hardUseExpiresSeconds}(sec)${o.SL}`);
  o.w(`${prefix}lifetime current:${o.SL}`);
  o.w(`${prefix}  ${cur.bytes}(bytes), ${cur.packets}(packets)${o.SL}`);
  o.w(`${prefix}  add ${time(cur.addTime)} use ${time(cur.useTime)}${o.SL}`);
}

function selectorPrint(o: Out, opt: XfrmPrintOptions, sel: XfrmSelector, family: number, prefix: string | undefined): void {
  let f = sel.family;
  if (f === 0) f = family;
  if (f === 0) f = opt.family;
  if (prefix) o.w(prefix);
  o.w(`src ${n2a(sel.saddr, f)}/${sel.prefixlenS} `);
  o.w(`dst ${n2a(sel.daddr, f)}/${sel.prefixlenD} `);
  if (sel.proto) o.w(`proto ${protoName(sel.proto)} `);
  switch (sel.proto) {
    case 1:
    case 58:
      if (sel.sportMask) o.w(`type ${sel.sport} `);
      if (sel.dportMask) o.w(`code ${sel.dport} `);
      break;
    case 47:
      if (sel.sportMask || sel.dportMask) o.w(`key ${sel.sport * 65536 + sel.dport} `);
      break;
    case 135:
      if (sel.sportMask) o.w(`type ${sel.sport} `);
      // ip prints the raw (network order) dport here.
      if (sel.dportMask && opt.stats > 0) o.w(`(dport) 0x${(((sel.dport & 0xff) << 8) | (sel.dport >> 8)).toString(16).padStart(4, '0')} `);
      break;
    default:
      if (sel.sportMask) o.w(`sport ${sel.sport} `);
      if (sel.dportMask) o.w(`dport ${sel.dport} `);
  }
  if (sel.ifindex > 0) o.w(`dev ${opt.ifname(sel.ifindex)} `);
  if (opt.stats > 0) o.w(`uid ${sel.user}`);
  o.w(o.SL);
}

function algoPrint(o: Out, opt: XfrmPrintOptions, type: string, a: { name: string; keyLen?: number; key: Uint8Array }, prefix: string, extra?: number): void {
  o.w(prefix);
  o.w(`${type} `);
  o.w(`${a.name} `);
  const keyLen = a.keyLen ?? a.key.length * 8;
  const bytes = Math.floor(keyLen / 8);
  if (a.key.length < bytes) o.w('(ERROR truncated)');
  else if (opt.nokeys) o.w('<<Keys hidden>>');
  else if (bytes > 0) {
    o.w('0x' + Buffer.from(a.key.subarray(0, bytes)).toString('hex'));
    if (opt.stats > 0) o.w(` (${keyLen} bits)`);
  }
  if (extra !== undefined) o.w(` ${extra | 0}`);
  o.w(o.SL);
}

function tmplPrint(o: Out, opt: XfrmPrintOptions, tmpls: XfrmUserTmpl[], prefix: string): void {
  for (const t of tmpls) {
    o.w(prefix);
    idInfo(o, opt, t.saddr, t.id, t.mode, t.reqid, t.family, false, prefix, 'tmpl ');
    if (opt.stats > 0 || t.optional) {
      o.w(prefix);
      o.w('\t');
      if (t.optional === 0) {
        if (opt.stats > 0) o.w('level required ');
      } else if (t.optional === 1) o.w('level use ');
      else o.w(`level ${t.optional} `);
      if (opt.stats > 0) o.w(`share ${typeof t.share === 'string' ? t.share : XFRM_SHARE.names.get(t.share) ?? String(t.share)} `);
      o.w(o.SL);
    }
    if (opt.stats > 0) {
      o.w(prefix);
      o.w('\t');
      o.w(`enc-mask ${hex8(t.ealgos)} auth-mask ${hex8(t.aalgos)} comp-mask ${hex8(t.calgos)}`);
      o.w(o.SL);
    }
  }
}

function outputMark(o: Out, a: XfrmAttrs): void {
  o.w(`output-mark 0x${(a.setMark ?? 0).toString(16)}`);
  if (a.setMarkMask !== undefined) o.w(`/0x${a.setMarkMask.toString(16)}`);
}

function xfrmaPrint(o: Out, opt: XfrmPrintOptions, a: XfrmAttrs, family: number, prefix: string, nokeys: boolean): void {
  if (a.mark) {
    o.w(`\tmark ${hashx(a.mark.v)}/${hashx(a.mark.m)} `);
    if (a.setMark !== undefined) outputMark(o, a);
    o.w(o.SL);
  } else if (a.setMark !== undefined) {
    o.w('\t');
    outputMark(o, a);
    o.w(o.SL);
  }
  const k = { ...opt, nokeys };
  if (a.algAuth && !a.algAuthTrunc) algoPrint(o, k, 'auth', a.algAuth, prefix);
  if (a.algAuthTrunc) algoPrint(o, k, 'auth-trunc', a.algAuthTrunc, prefix, a.algAuthTrunc.truncLen);
  if (a.algAead) algoPrint(o, k, 'aead', a.algAead, prefix, a.algAead.icvLen);
  if (a.algCrypt) algoPrint(o, k, 'enc', a.algCrypt, prefix);
  if (a.algComp) algoPrint(o, k, 'comp', a.algComp, prefix);
  if (a.encap) {
    const e = a.encap;
    o.w(`${prefix}encap type `);
    o.w(typeof e.type === 'string' ? `${e.type} ` : `${e.type} `);
    o.w(`sport ${e.sport} dport ${e.dport} addr ${n2a(e.oa, family)}${o.SL}`);
  }
  if (a.tmpl) tmplPrint(o, opt, a.tmpl, prefix);
  if (a.coaddr !== undefined) o.w(`${prefix}coa ${n2a(a.coaddr, family)}${o.SL}`);
  if (a.lastused !== undefined) o.w(`${prefix}lastused ${time(a.lastused)}${o.SL}`);
  if (a.replayVal) {
    const r = a.replayVal;
    o.w(`${prefix}anti-replay context: seq 0x${r.seq.toString(16)}, oseq 0x${r.oseq.toString(16)}, bitmap 0x${hex8(r.bitmap)}${o.SL}`);
  }
  if (a.replayEsnVal) {
    const r = a.replayEsnVal;
    o.w(`${prefix}anti-replay esn context:${o.SL}`);
    o.w(`${prefix} seq-hi 0x${r.seqHi.toString(16)}, seq 0x${r.seq.toString(16)}, oseq-hi 0x${r.oseqHi.toString(16)}, oseq 0x${r.oseq.toString(16)}${o.SL}`);
    o.w(`${prefix} replay_window ${r.replayWindow}, bitmap-length ${r.bmpLen}`);
    for (let i = r.bmpLen, j = 0; i; i--) {
      if (j++ % 8 === 0) o.w(`${o.SL}${prefix} `);
      o.w(`${hex8(r.bmp[i - 1] ?? 0)} `);
    }
    o.w(o.SL);
  }
  if (a.offloadDev) {
    o.w(`${prefix}crypto offload parameters: dev ${opt.ifname(a.offloadDev.ifindex)} dir ${a.offloadDev.flags & 2 ? 'in' : 'out'}${o.SL}`);
  }
  if (a.ifId !== undefined) o.w(`${prefix}if_id ${hashx(a.ifId)}${o.SL}`);
  if (a.tfcpad !== undefined) o.w(`${prefix}tfcpad ${a.tfcpad}${o.SL}`);
}

function secCtx(o: Out, b: Uint8Array): void {
  o.w('\tsecurity context ');
  if (b.length < 8) o.w('(ERROR truncated)');
  const len = b.length >= 8 ? b[6]! | (b[7]! << 8) : 0;
  o.w(`${Buffer.from(b.subarray(8, 8 + len)).toString('latin1').replace(/\0.*$/s, '')} ${o.SL}`);
}

const selectorIsZero = (s: XfrmSelector) =>
  xaddrBytes(s.daddr).every((x) => x === 0) && xaddrBytes(s.saddr).every((x) => x === 0) && !s.dport && !s.dportMask && !s.sport && !s.sportMask &&
  !s.family && !s.prefixlenD && !s.prefixlenS && !s.proto && !s.ifindex && !s.user;

/** One SA as `ip xfrm state` prints it; `title` "Deleted " etc. for events. */
export function printState(info: XfrmUsersaInfo, a: XfrmAttrs, opt: XfrmPrintOptions, title = ''): string {
  const o = new Out(opt.oneline ? '\\' : '\n');
  o.w(title);
  const proto = typeof info.id.proto === 'string' ? XFRM_PROTO.value(info.id.proto) : info.id.proto;
  const forceSpi = proto === 50 || proto === 51 || proto === 108;
  idInfo(o, opt, info.saddr, info.id, info.mode, info.reqid, info.family, forceSpi, undefined, undefined);
  const buf = '\t';
  o.w(buf);
  o.w(`replay-window ${info.replayWindow} `);
  if (opt.stats > 0) o.w(`seq 0x${String(info.seq).padStart(8, '0')} `);
  const flags = flagWordOf(XFRM_STATE, info.flags);
  if (opt.stats > 0 || flags) {
    const parts: string[] = [];
    flagList(parts, flags, STATE_FLAGS);
    o.w('flag ' + parts.join(''));
  }
  if (opt.stats > 0 && a.saExtraFlags !== undefined) {
    const parts: string[] = [];
    flagList(parts, a.saExtraFlags, EXTRA_FLAGS);
    o.w('extra_flag ' + parts.join(''));
  }
  if (opt.stats > 0) o.w(` (0x${mask8(flags)})`);
  o.w(o.SL);
  xfrmaPrint(o, opt, a, info.family, buf, opt.nokeys ?? false);
  if (!selectorIsZero(info.sel)) selectorPrint(o, opt, info.sel, info.family, buf + 'sel ');
  if (opt.stats > 0) {
    lifetimePrint(o, info.lft, info.curlft, buf);
    o.w(`${buf}stats:${o.SL}`);
    o.w(`${buf}  replay-window ${info.stats.replayWindow} replay ${info.stats.replay} failed ${info.stats.integrityFailed}${o.SL}`);
  }
  if (a.secCtx) secCtx(o, a.secCtx);
  if (opt.oneline) o.w('\n');
  return o.s;
}

/** One policy as `ip xfrm policy` prints it. */
export function printPolicy(info: XfrmUserpolicyInfo, a: XfrmAttrs, opt: XfrmPrintOptions, title = ''): string {
  const o = new Out(opt.oneline ? '\\' : '\n');
  o.w(title);
  selectorPrint(o, opt, info.sel, opt.family, undefined);
  if (a.secCtx) secCtx(o, a.secCtx);
  const buf = '\t';
  o.w(buf);
  let dir = info.dir;
  if (dir >= XFRM_POLICY_MAX) {
    dir -= XFRM_POLICY_MAX;
    o.w('socket ');
  } else o.w('dir ');
  o.w(dir === 0 ? 'in' : dir === 1 ? 'out' : dir === 2 ? 'fwd' : String(dir));
  o.w(' ');
  const action = typeof info.action === 'string' ? (info.action === 'allow' ? 0 : 1) : info.action;
  if (action === 0) {
    if (opt.stats > 0) o.w('action allow ');
  } else if (action === 1) o.w('action block ');
  else o.w(`action ${action} `);
  if (opt.stats) o.w(`index ${info.index} `);
  o.w(`priority ${info.priority} `);
  if (a.policyType) {
    const t = a.policyType.type;
    o.w(`ptype ${typeof t === 'string' && t !== 'any' ? t : String(typeof t === 'string' ? XFRM_POLICY_TYPE.value(t) : t)} `);
  }
  if (opt.stats > 0) o.w(`share ${typeof info.share === 'string' ? info.share : String(info.share)} `);
  const flags = flagWordOf(XFRM_POLICY_FLAG, info.flags);
  if (opt.stats > 0 || flags) {
    const parts: string[] = [];
    flagList(parts, flags, POLICY_FLAGS);
    o.w('flag ' + parts.join(''));
  }
  if (opt.stats > 0) o.w(` (0x${mask8(flags)})`);
  o.w(o.SL);
  if (opt.stats > 0) lifetimePrint(o, info.lft, info.curlft, buf);
  xfrmaPrint(o, opt, a, info.sel.family, buf, false);
  if (opt.oneline) o.w('\n');
  return o.s;
}

/** `ip xfrm state count` (print_sadinfo). */
export function printSadInfo(a: { cnt?: number; hinfo?: { sadhcnt: number; sadhmcnt: number } }, stats: number): string {
  if (a.cnt === undefined) return 'BAD SAD info returned\n';
  let s = `\t SAD count ${a.cnt}`;
  if (stats && a.hinfo) s += ` (buckets count ${a.hinfo.sadhcnt | 0} Max ${a.hinfo.sadhmcnt | 0})`;
  return s + '\n';
}

/** `ip xfrm policy count` (print_spdinfo). */
export function printSpdInfo(
  a: { info?: { incnt: number; outcnt: number; fwdcnt: number; inscnt: number; outscnt: number; fwdscnt: number }; hinfo?: { spdhcnt: number; spdhmcnt: number }; ipv4Hthresh?: { lbits: number; rbits: number }; ipv6Hthresh?: { lbits: number; rbits: number } },
  stats: number,
  oneline: boolean,
): string {
  const SL = oneline ? '\\' : '\n';
  let s = '\t SPD';
  const i = a.info;
  if (i) {
    s += ` IN  ${i.incnt | 0} OUT ${i.outcnt | 0} FWD ${i.fwdcnt | 0}`;
    if (stats) s += ` (Sock: IN ${i.inscnt | 0} OUT ${i.outscnt | 0} FWD ${i.fwdscnt | 0})`;
    s += SL;
  }
  if (stats > 1) {
    if (a.hinfo) s += `\t SPD buckets: count ${a.hinfo.spdhcnt | 0} Max ${a.hinfo.spdhmcnt | 0}${SL}`;
    if (a.ipv4Hthresh) s += `\t SPD IPv4 thresholds: local ${a.ipv4Hthresh.lbits} remote ${a.ipv4Hthresh.rbits}${SL}`;
    if (a.ipv6Hthresh) s += `\t SPD IPv6 thresholds: local ${a.ipv6Hthresh.lbits} remote ${a.ipv6Hthresh.rbits}${SL}`;
  }
  if (oneline) s += '\n';
  return s;
}

/** A JSON-safe copy of a view (bigints as numbers when exact, else strings; bytes as hex; no `raw`). */
export function xfrmJson(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return '0x' + Buffer.from(v).toString('hex');
  if (Array.isArray(v)) return v.map(xfrmJson);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'raw' && x !== undefined) out[k] = xfrmJson(x);
    return out;
  }
  return v;
}

