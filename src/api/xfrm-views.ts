/**
 * What `h.xfrm` lists: the decoded messages, their views (`XfrmState`, `XfrmPolicy`: addresses in
 * the SA's family, keys as ip prints them), and the list filters matched as ip matches them
 * (ip/xfrm_state.c xfrm_state_filter_match, ip/xfrm_policy.c xfrm_policy_filter_match).
 */
import { flagWordOf } from '../netlink/enums.js';
import { xaddrBytes } from '../xfrm/address.js';
import { XFRM_MODE, XFRM_POLICY_DIR, XFRM_POLICY_FLAG, XFRM_POLICY_MAX, XFRM_POLICY_TYPE, XFRM_PROTO, XFRM_STATE } from '../xfrm/constants.js';
import {
  addressFamily, type XfrmDir, type XfrmModeName, type XfrmPolicyFlag, type XfrmProtoName, type XfrmSelectorOptions, type XfrmStateFlag,
} from '../xfrm/requests.js';
import type { XfrmAttrs, XfrmSelector, XfrmUserpolicyInfo, XfrmUsersaInfo } from '../xfrm/schema.js';

/** A decoded SA message body: xfrm_usersa_info and XFRMA_* attributes. */
export interface XfrmStateMessage {
  header: XfrmUsersaInfo;
  attrs: XfrmAttrs;
}
/** A decoded policy message body: xfrm_userpolicy_info and XFRMA_* attributes. */
export interface XfrmPolicyMessage {
  header: XfrmUserpolicyInfo;
  attrs: XfrmAttrs;
}

/** `SRC/PLEN`: a selector side as text. */
function side(addr: string, plen: number, family: number): string {
  return `${family === 2 ? v4(addr) : addr}/${plen}`;
}
/** An AF_INET address decoded with bytes past the first 4 stays IPv6 text; in a v4 view, the first 4 bytes. */
function v4(addr: string): string {
  if (!addr.includes(':')) return addr;
  const b = xaddrBytes(addr);
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}
const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

/** A selector as the API shows it. */
export interface XfrmSelectorView {
  family: 4 | 6 | 0;
  src: string;
  dst: string;
  proto: number;
  sport: number;
  dport: number;
  ifindex: number;
}

function selectorView(s: XfrmSelector, fallbackFamily: number): XfrmSelectorView {
  const f = s.family || fallbackFamily;
  return {
    family: f === 2 ? 4 : f === 10 ? 6 : 0,
    src: side(s.saddr, s.prefixlenS, f),
    dst: side(s.daddr, s.prefixlenD, f),
    proto: s.proto,
    sport: s.sport,
    dport: s.dport,
    ifindex: s.ifindex,
  };
}

/** An SA (`ip xfrm state` shows one per entry). Keys are hex text as ip prints them. */
export interface XfrmState {
  family: 4 | 6;
  src: string;
  dst: string;
  proto: XfrmProtoName | number;
  spi: number;
  reqid: number;
  mode: XfrmModeName | number;
  replayWindow: number;
  flags: Array<XfrmStateFlag | number>;
  sel: XfrmSelectorView;
  enc?: { name: string; key: string };
  auth?: { name: string; key: string; truncLen?: number };
  aead?: { name: string; key: string; icvLen: number };
  comp?: { name: string };
  encap?: { type: string | number; sport: number; dport: number; oa: string };
  mark?: { value: number; mask: number };
  outputMark?: { value: number; mask?: number };
  ifId?: number;
  /** Bytes and packets so far (xfrm_lifetime_cur). */
  bytes: bigint;
  packets: bigint;
  /** The message as decoded. */
  raw: XfrmStateMessage;
}

/** A policy (`ip xfrm policy` shows one per entry). */
export interface XfrmPolicy {
  sel: XfrmSelectorView;
  dir: XfrmDir | number;
  /** Socket policies (set on a socket, dir >= XFRM_POLICY_MAX) cannot be deleted through here. */
  socket: boolean;
  action: 'allow' | 'block' | number;
  priority: number;
  index: number;
  ptype: 'main' | 'sub' | number;
  flags: Array<XfrmPolicyFlag | number>;
  tmpl: Array<{ family: 4 | 6 | 0; src: string; dst: string; proto: XfrmProtoName | number; spi: number; reqid: number; mode: XfrmModeName | number; level: 'required' | 'use' | number }>;
  mark?: { value: number; mask: number };
  ifId?: number;
  raw: XfrmPolicyMessage;
}

const fam = (f: number): 4 | 6 | 0 => (f === 2 ? 4 : f === 10 ? 6 : 0);
const addrIn = (a: string, f: number) => (f === 2 ? v4(a) : a);

/** The view of a decoded SA message (what `h.xfrm.state.list()` returns). */
export function stateView(m: XfrmStateMessage): XfrmState {
  const h = m.header;
  const a = m.attrs;
  const f = h.family;
  const v: XfrmState = {
    family: fam(f) === 6 ? 6 : 4,
    src: addrIn(h.saddr, f),
    dst: addrIn(h.id.daddr, f),
    proto: h.id.proto as XfrmProtoName | number,
    spi: h.id.spi,
    reqid: h.reqid,
    mode: h.mode as XfrmModeName | number,
    replayWindow: a.replayEsnVal ? a.replayEsnVal.replayWindow : h.replayWindow,
    flags: h.flags as Array<XfrmStateFlag | number>,
    sel: selectorView(h.sel, f),
    bytes: h.curlft.bytes,
    packets: h.curlft.packets,
    raw: m,
  };
  if (a.algCrypt) v.enc = { name: a.algCrypt.name, key: hex(a.algCrypt.key) };
  if (a.algAuthTrunc) v.auth = { name: a.algAuthTrunc.name, key: hex(a.algAuthTrunc.key), truncLen: a.algAuthTrunc.truncLen };
  else if (a.algAuth) v.auth = { name: a.algAuth.name, key: hex(a.algAuth.key) };
  if (a.algAead) v.aead = { name: a.algAead.name, key: hex(a.algAead.key), icvLen: a.algAead.icvLen };
  if (a.algComp) v.comp = { name: a.algComp.name };
  if (a.encap) v.encap = { type: a.encap.type, sport: a.encap.sport, dport: a.encap.dport, oa: addrIn(a.encap.oa, f) };
  if (a.mark) v.mark = { value: a.mark.v, mask: a.mark.m };
  if (a.setMark !== undefined) v.outputMark = { value: a.setMark, ...(a.setMarkMask !== undefined ? { mask: a.setMarkMask } : {}) };
  if (a.ifId !== undefined) v.ifId = a.ifId;
  return v;
}

/** The view of a decoded policy message (what `h.xfrm.policy.list()` returns). */
export function policyView(m: XfrmPolicyMessage): XfrmPolicy {
  const h = m.header;
  const a = m.attrs;
  const socket = h.dir >= XFRM_POLICY_MAX;
  const dir = socket ? h.dir - XFRM_POLICY_MAX : h.dir;
  const v: XfrmPolicy = {
    sel: selectorView(h.sel, 0),
    dir: XFRM_POLICY_DIR.name(dir) as XfrmDir | number,
    socket,
    action: h.action as 'allow' | 'block' | number,
    priority: h.priority,
    index: h.index,
    ptype: (a.policyType?.type ?? 'main') as 'main' | 'sub' | number,
    flags: h.flags as Array<XfrmPolicyFlag | number>,
    tmpl: (a.tmpl ?? []).map((t) => ({
      family: fam(t.family),
      src: addrIn(t.saddr, t.family),
      dst: addrIn(t.id.daddr, t.family),
      proto: t.id.proto as XfrmProtoName | number,
      spi: t.id.spi,
      reqid: t.reqid,
      mode: t.mode as XfrmModeName | number,
      level: t.optional === 0 ? 'required' : t.optional === 1 ? 'use' : t.optional,
    })),
    raw: m,
  };
  if (a.mark) v.mark = { value: a.mark.v, mask: a.mark.m };
  if (a.ifId !== undefined) v.ifId = a.ifId;
  return v;
}

/** Whether `addr` (text) is in `prefix` (text 'A/PLEN'), comparing the first PLEN bits of the 16-byte forms (ip's xfrm_addr_match). */
function inPrefix(addr: string, prefix: string): boolean {
  const [p, l] = prefix.split('/') as [string, string | undefined];
  const bits = l === undefined ? (addressFamily(p) === 2 ? 32 : 128) : Number(l);
  const a = xaddrBytes(addr);
  const b = xaddrBytes(p);
  for (let i = 0; i < bits; i++) {
    const m = 0x80 >> (i & 7);
    if ((a[i >> 3]! & m) !== (b[i >> 3]! & m)) return false;
  }
  return true;
}

/** Filters of `ip xfrm state list|deleteall` (all optional; matched as ip matches them). */
export interface XfrmStateFilter {
  /** Source address or prefix. */
  src?: string;
  dst?: string;
  proto?: XfrmProtoName | number;
  spi?: number;
  mode?: XfrmModeName;
  reqid?: number;
  /** SAs with any of these flags. */
  flags?: XfrmStateFlag[];
  family?: 4 | 6;
}

/** Filters of `ip xfrm policy list|deleteall`. */
export interface XfrmPolicyFilter {
  sel?: Pick<XfrmSelectorOptions, 'src' | 'dst' | 'proto' | 'sport' | 'dport' | 'ifindex'>;
  dir?: XfrmDir;
  index?: number;
  ptype?: 'main' | 'sub';
  action?: 'allow' | 'block';
  priority?: number;
  flags?: XfrmPolicyFlag[];
  /** Leave out socket policies (`nosock`). */
  nosock?: boolean;
  family?: 4 | 6;
}

export const STATE_FILTER_KEYS = ['src', 'dst', 'proto', 'spi', 'mode', 'reqid', 'flags', 'family'] as const;
export const POLICY_FILTER_KEYS = ['sel', 'dir', 'index', 'ptype', 'action', 'priority', 'flags', 'nosock', 'family'] as const;

export function stateMatches(m: XfrmStateMessage, f: XfrmStateFilter): boolean {
  const h = m.header;
  if (f.family !== undefined && h.family !== (f.family === 4 ? 2 : 10)) return false;
  if (f.src !== undefined && !inPrefix(h.saddr, f.src)) return false;
  if (f.dst !== undefined && !inPrefix(h.id.daddr, f.dst)) return false;
  if (f.proto !== undefined && XFRM_PROTO.value(h.id.proto) !== XFRM_PROTO.value(f.proto)) return false;
  if (f.spi !== undefined && h.id.spi !== f.spi) return false;
  if (f.mode !== undefined && XFRM_MODE.value(h.mode) !== XFRM_MODE.value(f.mode)) return false;
  if (f.reqid !== undefined && h.reqid !== f.reqid) return false;
  if (f.flags !== undefined && f.flags.length && (flagWordOf(XFRM_STATE, h.flags) & flagWordOf(XFRM_STATE, f.flags)) === 0) return false;
  return true;
}

export function policyMatches(m: XfrmPolicyMessage, f: XfrmPolicyFilter): boolean {
  const h = m.header;
  const s = h.sel;
  if (f.family !== undefined && s.family !== (f.family === 4 ? 2 : 10)) return false;
  if (f.dir !== undefined && h.dir !== XFRM_POLICY_DIR.value(f.dir)) return false;
  if (f.nosock && h.dir >= XFRM_POLICY_MAX) return false;
  if (f.ptype !== undefined && XFRM_POLICY_TYPE.value(m.attrs.policyType?.type ?? 0) !== XFRM_POLICY_TYPE.value(f.ptype)) return false;
  if (f.sel?.src !== undefined && !inPrefix(s.saddr, f.sel.src)) return false;
  if (f.sel?.dst !== undefined && !inPrefix(s.daddr, f.sel.dst)) return false;
  if (f.sel?.ifindex !== undefined && s.ifindex !== f.sel.ifindex) return false;
  if (f.sel?.proto !== undefined && s.proto !== (typeof f.sel.proto === 'number' ? f.sel.proto : Number(f.sel.proto))) return false;
  if (f.sel?.sport !== undefined && s.sport !== f.sel.sport) return false;
  if (f.sel?.dport !== undefined && s.dport !== f.sel.dport) return false;
  if (f.index !== undefined && h.index !== f.index) return false;
  if (f.action !== undefined && h.action !== f.action) return false;
  if (f.priority !== undefined && h.priority !== f.priority) return false;
  if (f.flags !== undefined && f.flags.length && (flagWordOf(XFRM_POLICY_FLAG, h.flags) & flagWordOf(XFRM_POLICY_FLAG, f.flags)) === 0) return false;
  return true;
}

/** SAD size (`ip xfrm state count`). */
export interface XfrmSadInfo {
  count: number;
  hashBuckets?: number;
  maxHashBuckets?: number;
}
/** SPD sizes (`ip xfrm policy count`). */
export interface XfrmSpdInfo {
  in: number;
  out: number;
  fwd: number;
  socketIn: number;
  socketOut: number;
  socketFwd: number;
  hashBuckets?: number;
  maxHashBuckets?: number;
  ipv4Hthresh?: { lbits: number; rbits: number };
  ipv6Hthresh?: { lbits: number; rbits: number };
}
