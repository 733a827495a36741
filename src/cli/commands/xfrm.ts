/**
 * `ip xfrm state` and `ip xfrm policy` (ip/ipxfrm.c, ip/xfrm_state.c, ip/xfrm_policy.c): the
 * argument grammar and its errors, then `h.xfrm` (whose builders send ip's bytes) and the
 * printers of ../format/xfrm.ts. `ip xfrm monitor` and the SPD settings are not done here.
 */
import { Args, matches } from '../args.js';
import { CliExit, duparg, duparg2, incompleteCommand, invarg, missarg } from '../errors.js';
import type { Env } from '../env.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../format/names.js';
import { getUnsigned, prefixAddrText, type Prefix } from '../format/prefix.js';
import { printPolicy, printSadInfo, printSpdInfo, printState, xfrmJson, type XfrmPrintOptions } from '../format/xfrm.js';
import { getAddrOrExit, getPrefixOrExit } from './address.js';
import { apiCall, getU64 } from './common.js';
import { IP_PROTOCOLS } from '../../xfrm/requests.js';
import type {
  XfrmIdOptions, XfrmLimits, XfrmPolicyIdOptions, XfrmPolicyOptions, XfrmSelectorOptions, XfrmStateOptions, XfrmTmplOptions,
} from '../../xfrm/requests.js';

const XFRM_USAGE = 'Usage: ip xfrm XFRM-OBJECT { COMMAND | help }\nwhere  XFRM-OBJECT := state | policy | monitor\n';

export const XFRM_STATE_USAGE = `Usage: ip xfrm state { add | update } ID [ ALGO-LIST ] [ mode MODE ]
        [ mark MARK [ mask MASK ] ] [ reqid REQID ] [ seq SEQ ]
        [ replay-window SIZE ] [ replay-seq SEQ ] [ replay-oseq SEQ ]
        [ replay-seq-hi SEQ ] [ replay-oseq-hi SEQ ]
        [ flag FLAG-LIST ] [ sel SELECTOR ] [ LIMIT-LIST ] [ encap ENCAP ]
        [ coa ADDR[/PLEN] ] [ ctx CTX ] [ extra-flag EXTRA-FLAG-LIST ]
        [ offload [dev DEV] dir DIR ]
        [ output-mark OUTPUT-MARK [ mask MASK ] ]
        [ if_id IF_ID ] [ tfcpad LENGTH ]
Usage: ip xfrm state allocspi ID [ mode MODE ] [ mark MARK [ mask MASK ] ]
        [ reqid REQID ] [ seq SEQ ] [ min SPI max SPI ]
Usage: ip xfrm state { delete | get } ID [ mark MARK [ mask MASK ] ]
Usage: ip xfrm state deleteall [ ID ] [ mode MODE ] [ reqid REQID ]
        [ flag FLAG-LIST ]
Usage: ip xfrm state list [ nokeys ] [ ID ] [ mode MODE ] [ reqid REQID ]
        [ flag FLAG-LIST ]
Usage: ip xfrm state flush [ proto XFRM-PROTO ]
Usage: ip xfrm state count
ID := [ src ADDR ] [ dst ADDR ] [ proto XFRM-PROTO ] [ spi SPI ]
XFRM-PROTO := esp | ah | comp | route2 | hao
ALGO-LIST := [ ALGO-LIST ] ALGO
ALGO := { enc | auth } ALGO-NAME ALGO-KEYMAT |
        auth-trunc ALGO-NAME ALGO-KEYMAT ALGO-TRUNC-LEN |
        aead ALGO-NAME ALGO-KEYMAT ALGO-ICV-LEN |
        comp ALGO-NAME
MODE := transport | tunnel | beet | ro | in_trigger
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG := noecn | decap-dscp | nopmtudisc | wildrecv | icmp | af-unspec | align4 | esn
EXTRA-FLAG-LIST := [ EXTRA-FLAG-LIST ] EXTRA-FLAG
EXTRA-FLAG := dont-encap-dscp | oseq-may-wrap
SELECTOR := [ src ADDR[/PLEN] ] [ dst ADDR[/PLEN] ] [ dev DEV ] [ UPSPEC ]
UPSPEC := proto { { tcp | udp | sctp | dccp } [ sport PORT ] [ dport PORT ] |
                  { icmp | ipv6-icmp | mobility-header } [ type NUMBER ] [ code NUMBER ] |
                  gre [ key { DOTTED-QUAD | NUMBER } ] | PROTO }
LIMIT-LIST := [ LIMIT-LIST ] limit LIMIT
LIMIT := { time-soft | time-hard | time-use-soft | time-use-hard } SECONDS |
         { byte-soft | byte-hard } SIZE | { packet-soft | packet-hard } COUNT
ENCAP := { espinudp | espinudp-nonike | espintcp } SPORT DPORT OADDR
DIR := in | out
`;

export const XFRM_POLICY_USAGE = `Usage: ip xfrm policy { add | update } SELECTOR dir DIR [ ctx CTX ]
\t[ mark MARK [ mask MASK ] ] [ index INDEX ] [ ptype PTYPE ]
\t[ action ACTION ] [ priority PRIORITY ] [ flag FLAG-LIST ]
\t[ if_id IF_ID ] [ LIMIT-LIST ] [ TMPL-LIST ]
Usage: ip xfrm policy { delete | get } { SELECTOR | index INDEX } dir DIR
\t[ ctx CTX ] [ mark MARK [ mask MASK ] ] [ ptype PTYPE ]
\t[ if_id IF_ID ]
Usage: ip xfrm policy { deleteall | list } [ nosock ] [ SELECTOR ] [ dir DIR ]
\t[ index INDEX ] [ ptype PTYPE ] [ action ACTION ] [ priority PRIORITY ]
\t[ flag FLAG-LIST ]
Usage: ip xfrm policy flush [ ptype PTYPE ]
Usage: ip xfrm policy count
Usage: ip xfrm policy set [ hthresh4 LBITS RBITS ] [ hthresh6 LBITS RBITS ]
Usage: ip xfrm policy setdefault DIR ACTION [ DIR ACTION ] [ DIR ACTION ]
Usage: ip xfrm policy getdefault
SELECTOR := [ src ADDR[/PLEN] ] [ dst ADDR[/PLEN] ] [ dev DEV ] [ UPSPEC ]
UPSPEC := proto { { tcp | udp | sctp | dccp } [ sport PORT ] [ dport PORT ] |
                  { icmp | ipv6-icmp | mobility-header } [ type NUMBER ] [ code NUMBER ] |
                  gre [ key { DOTTED-QUAD | NUMBER } ] | PROTO }
DIR := in | out | fwd
PTYPE := main | sub
ACTION := allow | block
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG := localok | icmp
LIMIT-LIST := [ LIMIT-LIST ] limit LIMIT
LIMIT := { time-soft | time-hard | time-use-soft | time-use-hard } SECONDS |
         { byte-soft | byte-hard } SIZE | { packet-soft | packet-hard } COUNT
TMPL-LIST := [ TMPL-LIST ] tmpl TMPL
TMPL := ID [ mode MODE ] [ reqid REQID ] [ level LEVEL ]
ID := [ src ADDR ] [ dst ADDR ] [ proto XFRM-PROTO ] [ spi SPI ]
XFRM-PROTO := esp | ah | comp | route2 | hao
MODE := transport | tunnel | beet | ro | in_trigger
LEVEL := required | use
`;

const fail = (code: number, msg: string): never => {
  throw new CliExit(code, msg);
};

const XPROTO: Record<string, number> = { esp: 50, ah: 51, comp: 108, route2: 43, hao: 60, 'ipsec-any': 255 };
const XPROTO_NAME: Record<number, string> = { 50: 'esp', 51: 'ah', 108: 'comp', 43: 'route2', 60: 'hao', 255: 'ipsec-any' };
const xprotoName = (p: number) => XPROTO_NAME[p] ?? String(p);
type Mode = NonNullable<XfrmStateOptions['mode']>;
const MODE_NUM: Record<Mode, number> = { transport: 0, tunnel: 1, ro: 2, in_trigger: 3, beet: 4 };

/** Parse state: the family ip's preferred_family holds while it reads the words. */
interface Ctx {
  family: number;
}

/** ip's `src`/`dst` words: get_prefix with the family so far (an address, or ADDR/PLEN for selectors). */
function prefixWord(arg: string, ctx: Ctx, what: string): Prefix & { plen: number } {
  const p = getPrefixOrExit(arg, ctx.family);
  if (p.family === AF_UNSPEC) invarg(`value after "${what}" has an unrecognized address family`, arg);
  const max = p.family === AF_INET ? 32 : 128;
  return { ...p, plen: p.bitlen < 0 ? (p.special ? 0 : max) : p.bitlen };
}

/** xfrm_mode_parse (matches() on each name). */
function modeWord(w: string): Mode {
  for (const m of ['transport', 'tunnel', 'ro', 'in_trigger', 'beet'] as const) if (matches(w, m)) return m;
  return invarg('MODE value is invalid', w);
}

/** get_u32 (base 0) or the invarg. */
function u32Word(w: string, msg: string): number {
  const v = getUnsigned(w, 0);
  if (v === undefined) invarg(msg, w);
  return v!;
}

/** xfrm_parse_mark: `mark V [mask M]` (a mark without mask is 0xffffffff). */
function markWords(a: Args): { value: number; mask: number } {
  const value = u32Word(a.next(), 'MARK value is invalid\n');
  if (a.count > 1) {
    if (a.peek() === 'mask') {
      a.shift();
      return { value, mask: u32Word(a.next(), 'MASK value is invalid\n') };
    }
  }
  return { value, mask: 0xffffffff };
}

/** xfrm_id_parse: `[src A] [dst A] [proto P] [spi N]` starting at a.cur; leaves a.cur on its last word. */
function idWords(a: Args, ctx: Ctx, out: XfrmIdOptions, loose: boolean): number {
  const start = a.count;
  let sf = 0;
  let df = 0;
  let family = 0;
  for (;;) {
    const w = a.cur;
    if (w === 'src') {
      const p = prefixWord(a.next(), ctx, 'src');
      out.src = prefixAddrText(p);
      family = sf = p.family;
      (out as { srcPlen?: number }).srcPlen = p.bitlen < 0 ? undefined : p.bitlen;
    } else if (w === 'dst') {
      const p = prefixWord(a.next(), ctx, 'dst');
      out.dst = prefixAddrText(p);
      family = df = p.family;
      (out as { dstPlen?: number }).dstPlen = p.bitlen < 0 ? undefined : p.bitlen;
    } else if (w === 'proto') {
      const v = XPROTO[a.next()];
      if (v === undefined) invarg('XFRM-PROTO value is invalid', a.cur);
      out.proto = v as number;
    } else if (w === 'spi') {
      const v = getUnsigned(a.next(), 0);
      if (v === undefined) invarg('SPI value is invalid', a.cur);
      out.spi = v;
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (sf && df && sf !== df) invarg('the same address family is required between values after "src" and "dst"', a.cur);
  const proto = typeof out.proto === 'number' ? out.proto : 0;
  if (out.spi && proto) {
    if (proto === 43 || proto === 60) fail(1, `"spi" is invalid with XFRM-PROTO value "${xprotoName(proto)}"\n`);
    if (proto === 108 && out.spi >= 0x10000) fail(1, `SPI value is too large with XFRM-PROTO value "${xprotoName(proto)}"\n`);
  }
  if (!loose && !proto) missarg('XFRM-PROTO');
  if (a.count === start) missarg('ID');
  return family;
}

/** xfrm_selector_parse (+ upspec): `[src P] [dst P] [dev D] [UPSPEC]`; leaves a.cur on its last word. */
function selectorWords(a: Args, ctx: Ctx): XfrmSelectorOptions & { dev?: string; family: number } {
  const sel: XfrmSelectorOptions & { dev?: string; family: number } = { family: 0 };
  let sf = 0;
  let df = 0;
  let upspec = false;
  const start = a.count;
  for (;;) {
    const w = a.cur;
    if (w === 'src' || w === 'dst') {
      const p = prefixWord(a.next(), ctx, w);
      const text = `${prefixAddrText(p)}/${p.plen}`;
      if (w === 'src') {
        sel.src = text;
        sf = p.family;
      } else {
        sel.dst = text;
        df = p.family;
      }
      sel.family = p.family;
    } else if (w === 'dev') {
      sel.dev = a.next();
    } else if (upspec) {
      a.prev();
      break;
    } else {
      upspec = true;
      upspecWords(a, sel);
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (sf && df && sf !== df) invarg('the same address family is required between values after "src" and "dst"', a.cur);
  if (a.count === start) missarg('SELECTOR');
  return sel;
}

function upspecWords(a: Args, sel: XfrmSelectorOptions): void {
  const start = a.count;
  let ports = false;
  let typecode = false;
  let grekey = false;
  for (;;) {
    const w = a.cur;
    if (w === 'proto') {
      const v = a.next();
      if (v === 'any') sel.proto = 0;
      else if (IP_PROTOCOLS[v] !== undefined) sel.proto = IP_PROTOCOLS[v]!;
      else {
        const n = getUnsigned(v, 0, 255);
        if (n === undefined) invarg('PROTO value is invalid', v);
        sel.proto = n!;
      }
    } else if (w === 'sport' || w === 'dport') {
      ports = true;
      const n = getUnsigned(a.next(), 0, 0xffff);
      if (n === undefined) invarg(`value after "${w}" is invalid`, a.cur);
      sel[w] = n!;
    } else if (w === 'type' || w === 'code') {
      typecode = true;
      const n = getUnsigned(a.next(), 0, 0xffff);
      if (n === undefined || n > 0xff) invarg(`value after "${w}" is invalid`, a.cur);
      sel[w] = n!;
    } else if (w === 'key') {
      grekey = true;
      const v = a.next();
      if (v.includes('.')) sel.key = v;
      else {
        const n = getUnsigned(v, 0);
        if (n === undefined) fail(255, 'value after "key" is invalid\n');
        sel.key = n!;
      }
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (a.count === start) missarg('UPSPEC');
  const p = typeof sel.proto === 'number' ? sel.proto : 0;
  const pname = protoText(p);
  if (ports && ![6, 17, 132, 33, 0].includes(p)) fail(1, `"sport" and "dport" are invalid with PROTO value "${pname}"\n`);
  if (typecode && ![1, 58, 135].includes(p)) fail(1, `"type" and "code" are invalid with PROTO value "${pname}"\n`);
  if (grekey && p !== 47) fail(1, `"key" is invalid with PROTO value "${pname}"\n`);
}

function protoText(p: number): string {
  for (const [k, v] of Object.entries(IP_PROTOCOLS)) if (v === p) return k;
  return String(p);
}

/** xfrm_lifetime_cfg_parse: one LIMIT word and its value. */
function limitWords(a: Args, l: XfrmLimits): void {
  const keys: Record<string, keyof XfrmLimits> = {
    'time-soft': 'timeSoft', 'time-hard': 'timeHard', 'time-use-soft': 'timeUseSoft', 'time-use-hard': 'timeUseHard',
    'byte-soft': 'byteSoft', 'byte-hard': 'byteHard', 'packet-soft': 'packetSoft', 'packet-hard': 'packetHard',
  };
  const w = a.cur;
  const k = keys[w];
  if (!k) invarg('LIMIT value is invalid', w);
  const v = getU64(a.next());
  if (v === undefined) invarg(`value after "${w}" is invalid`, a.cur);
  l[k!] = v!;
}

function stateFlagWords(a: Args, field: 'flag' | 'extra-flag'): Array<string | number> {
  const known = field === 'flag'
    ? ['noecn', 'decap-dscp', 'nopmtudisc', 'wildrecv', 'icmp', 'af-unspec', 'align4', 'esn']
    : ['dont-encap-dscp', 'oseq-may-wrap'];
  const w = a.cur;
  if (w.length > 2 && w.startsWith('0x')) {
    const v = getUnsigned(w, 16, field === 'flag' ? 0xff : 0xffffffff);
    if (v === undefined) invarg(field === 'flag' ? 'FLAG value is invalid' : '"EXTRA-FLAG" is invalid', w);
    return [v!];
  }
  const out: string[] = [];
  for (;;) {
    if (known.includes(a.cur)) out.push(a.cur);
    else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  return out;
}

async function ifnameOf(env: Env): Promise<(i: number) => string> {
  const h = await env.handle();
  const links = (await apiCall(() => h.link.list())) as Array<{ index: number; name: string }>;
  const names = new Map(links.map((l) => [l.index, l.name]));
  return (i) => names.get(i) ?? `if${i}`;
}

async function printOptions(env: Env, nokeys = false): Promise<XfrmPrintOptions> {
  let names: ((i: number) => string) | undefined;
  const opt: XfrmPrintOptions = {
    stats: env.opts.stats,
    oneline: env.opts.oneline,
    family: env.opts.family,
    nokeys,
    ifname: (i) => names?.(i) ?? `if${i}`,
  };
  names = await ifnameOf(env);
  return opt;
}

// ------------------------------------------------------------------------------------------ state

async function stateModify(env: Env, update: boolean, argv: string[]): Promise<number> {
  const ctx: Ctx = { family: env.opts.family };
  const o: XfrmStateOptions & { sel?: XfrmSelectorOptions & { dev?: string } } = {};
  let idSeen = false;
  let coaSeen = false;
  let ctxSeen = false;
  const algos = { enc: false, auth: false, aead: false, comp: false };
  const a = new Args(argv);
  let family = ctx.family;
  while (a.more) {
    const w = a.cur;
    if (w === 'mode') o.mode = modeWord(a.next());
    else if (w === 'mark') o.mark = markWords(a);
    else if (w === 'reqid') o.reqid = u32Word(a.next(), 'REQID value is invalid');
    else if (w === 'seq') o.seq = u32Word(a.next(), 'SEQ value is invalid');
    else if (w === 'replay-window') o.replayWindow = u32Word(a.next(), 'value after "replay-window" is invalid');
    else if (w === 'replay-seq') o.replaySeq = u32Word(a.next(), 'value after "replay-seq" is invalid');
    else if (w === 'replay-seq-hi') o.replaySeqHi = u32Word(a.next(), 'value after "replay-seq-hi" is invalid');
    else if (w === 'replay-oseq') o.replayOseq = u32Word(a.next(), 'value after "replay-oseq" is invalid');
    else if (w === 'replay-oseq-hi') o.replayOseqHi = u32Word(a.next(), 'value after "replay-oseq-hi" is invalid');
    else if (w === 'flag') {
      a.next();
      o.flags = [...(o.flags ?? []), ...(stateFlagWords(a, 'flag') as XfrmStateOptions['flags'] & unknown[])];
    } else if (w === 'extra-flag') {
      a.next();
      o.extraFlags = [...(o.extraFlags ?? []), ...(stateFlagWords(a, 'extra-flag') as XfrmStateOptions['extraFlags'] & unknown[])];
    } else if (w === 'sel') {
      a.next();
      const sel = selectorWords(a, { family: AF_UNSPEC });
      ctx.family = sel.family;
      const { family: _f, ...rest } = sel;
      o.sel = rest;
    } else if (w === 'limit') {
      a.next();
      limitWords(a, (o.limits ??= {}));
    } else if (w === 'encap') {
      const t = a.next();
      if (t !== 'espinudp-nonike' && t !== 'espinudp' && t !== 'espintcp') invarg('ENCAP-TYPE value is invalid', t);
      const sport = getUnsigned(a.next(), 0, 0xffff);
      if (sport === undefined) invarg('SPORT value after "encap" is invalid', a.cur);
      const dport = getUnsigned(a.next(), 0, 0xffff);
      if (dport === undefined) invarg('DPORT value after "encap" is invalid', a.cur);
      const oa = getAddrOrExit(a.next(), AF_UNSPEC);
      o.encap = { type: t as 'espinudp', sport: sport!, dport: dport!, oa: prefixAddrText(oa) };
    } else if (w === 'coa') {
      if (coaSeen) duparg('coa', w);
      coaSeen = true;
      const p = prefixWord(a.next(), ctx, 'coa');
      o.coa = prefixAddrText(p);
    } else if (w === 'ctx') {
      if (ctxSeen) duparg('ctx', w);
      ctxSeen = true;
      a.next();
      fail(1, 'pure-ip: security contexts (ctx) are not supported\n');
    } else if (w === 'offload') {
      fail(1, 'pure-ip: offload is not supported\n');
    } else if (w === 'output-mark') {
      const value = u32Word(a.next(), 'value after "output-mark" is invalid');
      let mask: number | undefined;
      if (a.count > 1) {
        if (a.peek() === 'mask') {
          a.shift();
          mask = u32Word(a.next(), 'mask value is invalid\n');
        }
      }
      o.outputMark = { value, ...(mask !== undefined ? { mask } : {}) };
    } else if (w === 'if_id') o.ifId = u32Word(a.next(), 'value after "if_id" is invalid');
    else if (w === 'tfcpad') o.tfcpad = u32Word(a.next(), 'value after "tfcpad" is invalid');
    else if (w === 'enc' || w === 'auth' || w === 'auth-trunc' || w === 'aead' || w === 'comp') {
      if (w === 'aead' && (algos.enc || algos.auth || algos.aead)) duparg('ALGO-TYPE', w);
      if (w === 'enc' && (algos.enc || algos.aead)) duparg('ALGO-TYPE', w);
      if ((w === 'auth' || w === 'auth-trunc') && (algos.auth || algos.aead)) duparg('ALGO-TYPE', w);
      if (w === 'comp' && algos.comp) duparg('ALGO-TYPE', w);
      algos[w === 'auth-trunc' ? 'auth' : w] = true;
      if (!a.nextOk()) missarg('ALGO-NAME');
      const name = a.next();
      let key = '';
      if (w !== 'comp') {
        if (!a.nextOk()) missarg('ALGO-KEYMAT');
        key = a.next();
        if (key.length > 2 && key.startsWith('0x') && !/^[0-9a-fA-F]+$/.test(key.slice(2))) invarg('ALGO-KEYMAT value is invalid', key);
        if ((key.startsWith('0x') && key.length > 2 ? Math.ceil((key.length - 2) / 2) : key.length) > 512) invarg('ALGO-KEYMAT value makes buffer overflow\n', key);
      }
      if (w === 'enc') o.enc = { name, key };
      else if (w === 'auth') o.auth = { name, key };
      else if (w === 'comp') o.comp = { name };
      else if (w === 'auth-trunc') {
        if (!a.nextOk()) missarg('ALGO-TRUNC-LEN');
        o.authTrunc = { name, key, truncLen: u32Word(a.next(), 'ALGO-TRUNC-LEN value is invalid') };
      } else {
        if (!a.nextOk()) missarg('ALGO-ICV-LEN');
        o.aead = { name, key, icvLen: u32Word(a.next(), 'ALGO-ICV-LEN value is invalid') };
      }
    } else {
      if (idSeen) invarg('unknown', w);
      idSeen = true;
      const f = idWords(a, ctx, o, false);
      if (f) family = f;
      delete (o as { srcPlen?: number }).srcPlen;
      delete (o as { dstPlen?: number }).dstPlen;
      if (ctx.family === AF_UNSPEC) ctx.family = family;
    }
    a.shift();
  }
  const flags = (o.flags ?? []) as Array<string | number>;
  const rw = o.replayWindow ?? 0;
  if ((flags.includes('esn') || flags.some((f) => typeof f === 'number' && f & 128)) && rw === 0) fail(255, 'Error: esn flag set without replay-window.\n');
  if (rw > 4096) fail(255, `Error: replay-window (${rw}) > XFRMA_REPLAY_ESN_MAX (4096).\n`);
  if (!idSeen) fail(1, 'Not enough information: ID is required\n');
  const proto = o.proto as number;
  const mode = MODE_NUM[o.mode ?? 'transport'];
  const pn = xprotoName(proto);
  if (proto === 50 || proto === 51 || proto === 108) {
    if (!(mode === 0 || mode === 1 || (mode === 4 && proto === 50))) fail(1, `MODE value is invalid with XFRM-PROTO value "${pn}"\n`);
    if (proto === 50) {
      if (algos.comp) fail(1, `ALGO-TYPE value "comp" is invalid with XFRM-PROTO value "${pn}"\n`);
      if (!algos.enc && !algos.aead) fail(1, `ALGO-TYPE value "enc" or "aead" is required with XFRM-PROTO value "${pn}"\n`);
    } else if (proto === 51) {
      if (algos.enc || algos.aead || algos.comp) fail(1, `ALGO-TYPE values "enc", "aead", and "comp" are invalid with XFRM-PROTO value "${pn}"\n`);
      if (!algos.auth) fail(1, `ALGO-TYPE value "auth" or "auth-trunc" is required with XFRM-PROTO value "${pn}"\n`);
    } else {
      if (algos.enc || algos.auth || algos.aead) fail(1, `ALGO-TYPE values "enc", "auth", "auth-trunc", and "aead" are invalid with XFRM-PROTO value "${pn}"\n`);
      if (!algos.comp) fail(1, `ALGO-TYPE value "comp" is required with XFRM-PROTO value "${pn}"\n`);
    }
  } else if (algos.enc || algos.auth || algos.aead || algos.comp) fail(1, `ALGO is invalid with XFRM-PROTO value "${pn}"\n`);
  if (proto === 43 || proto === 60) {
    if (mode === 0) fail(1, `"mode" is required with XFRM-PROTO value "${pn}"\n`);
    if (mode !== 2 && mode !== 3) fail(1, `MODE value is invalid with XFRM-PROTO value "${pn}"\n`);
    if (!coaSeen) fail(1, `"coa" is required with XFRM-PROTO value "${pn}"\n`);
  } else if (coaSeen) fail(1, `"coa" is invalid with XFRM-PROTO value "${pn}"\n`);
  if (family === AF_INET6 || (family === AF_UNSPEC && env.opts.family === AF_INET6)) o.family = 6;
  const h = await env.handle();
  await apiCall(() => (update ? h.xfrm.state.update(o) : h.xfrm.state.add(o)));
  return 0;
}

async function stateGetOrDelete(env: Env, del: boolean, argv: string[]): Promise<number> {
  const ctx: Ctx = { family: env.opts.family };
  const o: XfrmIdOptions & { mark?: { value: number; mask: number }; family?: 4 | 6 } = {};
  let idSeen = false;
  const a = new Args(argv);
  while (a.more) {
    if (a.cur === 'mark') o.mark = markWords(a);
    else {
      if (idSeen) invarg('unknown', a.cur);
      idSeen = true;
      const f = idWords(a, ctx, o, false);
      delete (o as { srcPlen?: number }).srcPlen;
      delete (o as { dstPlen?: number }).dstPlen;
      if (f === AF_INET6) o.family = 6;
    }
    a.shift();
  }
  if (!idSeen) {
    // ip sends a request with no protocol; the kernel refuses it.
  }
  if (o.family === undefined && env.opts.family === AF_INET6) o.family = 6;
  const h = await env.handle();
  if (del) {
    await apiCall(() => h.xfrm.state.delete(o));
    return 0;
  }
  const s = (await apiCall(() => h.xfrm.state.get(o))) as { raw: { header: any; attrs: any } };
  if (env.opts.json) {
    env.io.stdout(JSON.stringify(xfrmJson(s)) + '\n');
    return 0;
  }
  env.io.stdout(printState(s.raw.header, s.raw.attrs, await printOptions(env)));
  return 0;
}

interface StateListArgs {
  filter: Record<string, unknown>;
  nokeys: boolean;
}

function stateListArgs(env: Env, argv: string[]): StateListArgs {
  const ctx: Ctx = { family: env.opts.family };
  const filter: Record<string, unknown> = {};
  let nokeys = false;
  let idSeen = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'nokeys') nokeys = true;
    else if (w === 'mode') filter.mode = modeWord(a.next());
    else if (w === 'reqid') filter.reqid = u32Word(a.next(), 'REQID value is invalid');
    else if (w === 'flag') {
      a.next();
      const f = stateFlagWords(a, 'flag');
      filter.flags = f.map((x) => (typeof x === 'number' ? x : x));
    } else {
      if (idSeen) invarg('unknown', w);
      idSeen = true;
      const id: XfrmIdOptions & { srcPlen?: number; dstPlen?: number } = {};
      const f = idWords(a, ctx, id, true);
      if (id.src !== undefined) filter.src = id.srcPlen !== undefined ? `${id.src}/${id.srcPlen}` : id.src;
      if (id.dst !== undefined) filter.dst = id.dstPlen !== undefined ? `${id.dst}/${id.dstPlen}` : id.dst;
      if (id.proto !== undefined) filter.proto = id.proto;
      if (id.spi !== undefined) filter.spi = id.spi;
      if (ctx.family === AF_UNSPEC) ctx.family = f;
    }
    a.shift();
  }
  if (env.opts.family === AF_INET) filter.family = 4;
  else if (env.opts.family === AF_INET6) filter.family = 6;
  return { filter, nokeys };
}

async function stateList(env: Env, argv: string[]): Promise<number> {
  const { filter, nokeys } = stateListArgs(env, argv);
  const h = await env.handle();
  const msgs = (await apiCall(() => h.xfrm.state.messages(filter))) as Array<{ header: any; attrs: any }>;
  if (env.opts.json) {
    const { xfrmStateView } = await import('../../api/index.js');
    env.io.stdout(JSON.stringify(msgs.map((m) => xfrmJson(xfrmStateView(m)))) + '\n');
    return 0;
  }
  const opt = await printOptions(env, nokeys);
  env.io.stdout(msgs.map((m) => printState(m.header, m.attrs, opt)).join(''));
  return 0;
}

async function stateDeleteAll(env: Env, argv: string[]): Promise<number> {
  const { filter } = stateListArgs(env, argv);
  const h = await env.handle();
  await apiCall(() => h.xfrm.state.deleteAll(filter));
  return 0;
}

async function stateFlush(env: Env, argv: string[]): Promise<number> {
  let proto: number | undefined;
  const a = new Args(argv);
  while (a.more) {
    if (a.cur === 'proto') {
      if (proto !== undefined) duparg('proto', a.cur);
      const v = XPROTO[a.next()];
      if (v === undefined) invarg('XFRM-PROTO value is invalid', a.cur);
      proto = v;
    } else invarg('unknown', a.cur);
    a.shift();
  }
  const h = await env.handle();
  await apiCall(() => h.xfrm.state.flush(proto));
  return 0;
}

async function stateCount(env: Env): Promise<number> {
  const h = await env.handle();
  const c = (await apiCall(() => h.xfrm.state.count())) as { count: number; hashBuckets?: number; maxHashBuckets?: number };
  if (env.opts.json) {
    env.io.stdout(JSON.stringify(c) + '\n');
    return 0;
  }
  env.io.stdout(printSadInfo({ cnt: c.count, ...(c.hashBuckets !== undefined ? { hinfo: { sadhcnt: c.hashBuckets, sadhmcnt: c.maxHashBuckets ?? 0 } } : {}) }, env.opts.stats));
  return 0;
}

async function doState(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return stateList(env, []);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return stateModify(env, false, rest);
  if (matches(w, 'update')) return stateModify(env, true, rest);
  if (matches(w, 'allocspi')) fail(1, 'pure-ip: "ip xfrm state allocspi" is not supported\n');
  if (matches(w, 'delete')) return stateGetOrDelete(env, true, rest);
  if (matches(w, 'deleteall') || matches(w, 'delall')) return stateDeleteAll(env, rest);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return stateList(env, rest);
  if (matches(w, 'get')) return stateGetOrDelete(env, false, rest);
  if (matches(w, 'flush')) return stateFlush(env, rest);
  if (matches(w, 'count')) return stateCount(env);
  if (matches(w, 'help')) throw new CliExit(255, XFRM_STATE_USAGE);
  return fail(255, `Command "${w}" is unknown, try "ip xfrm state help".\n`);
}

// ----------------------------------------------------------------------------------------- policy

function dirWord(w: string): 'in' | 'out' | 'fwd' {
  if (w === 'in' || w === 'out' || w === 'fwd') return w;
  return invarg('DIR value is invalid', w);
}
function ptypeWord(w: string): 'main' | 'sub' {
  if (w === 'main' || w === 'sub') return w;
  return invarg('PTYPE value is invalid', w);
}
function policyFlagWords(a: Args): Array<'localok' | 'icmp' | number> {
  const w = a.cur;
  if (w.length > 2 && w.startsWith('0x')) {
    const v = getUnsigned(w, 16, 0xff);
    if (v === undefined) invarg('FLAG value is invalid', w);
    return [v!];
  }
  const out: Array<'localok' | 'icmp'> = [];
  for (;;) {
    if (a.cur === 'localok' || a.cur === 'icmp') out.push(a.cur);
    else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  return out;
}

function tmplWords(a: Args, ctx: Ctx): XfrmTmplOptions {
  const t: XfrmTmplOptions & { srcPlen?: number; dstPlen?: number } = {};
  let idSeen = false;
  const start = a.count;
  for (;;) {
    const w = a.cur;
    if (w === 'mode') t.mode = modeWord(a.next());
    else if (w === 'reqid') t.reqid = u32Word(a.next(), 'REQID value is invalid');
    else if (w === 'level') {
      const v = a.next();
      if (v === 'required' || v === 'use') t.level = v;
      else invarg('LEVEL value is invalid\n', v);
    } else {
      if (idSeen) {
        a.prev();
        break;
      }
      idSeen = true;
      const f = idWords(a, { family: AF_UNSPEC }, t, false);
      ctx.family = f;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (a.count === start) missarg('TMPL');
  delete t.srcPlen;
  delete t.dstPlen;
  return t;
}

async function policyModify(env: Env, update: boolean, argv: string[]): Promise<number> {
  const ctx: Ctx = { family: env.opts.family };
  const o: Partial<XfrmPolicyOptions> & { sel?: XfrmSelectorOptions & { dev?: string } } = {};
  let dirSeen = false;
  let selSeen = false;
  let ptypeSeen = false;
  let ctxSeen = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'dir') {
      if (dirSeen) duparg('dir', w);
      dirSeen = true;
      o.dir = dirWord(a.next());
    } else if (w === 'ctx') {
      if (ctxSeen) duparg('ctx', w);
      ctxSeen = true;
      a.next();
      fail(1, 'pure-ip: security contexts (ctx) are not supported\n');
    } else if (w === 'mark') o.mark = markWords(a);
    else if (w === 'index') o.index = u32Word(a.next(), 'INDEX value is invalid');
    else if (w === 'ptype') {
      if (ptypeSeen) duparg('ptype', w);
      ptypeSeen = true;
      o.ptype = ptypeWord(a.next());
    } else if (w === 'action') {
      const v = a.next();
      if (v === 'allow' || v === 'block') o.action = v;
      else invarg('ACTION value is invalid\n', v);
    } else if (w === 'priority') o.priority = u32Word(a.next(), 'PRIORITY value is invalid');
    else if (w === 'flag') {
      a.next();
      o.flags = [...(o.flags ?? []), ...policyFlagWords(a)];
    } else if (w === 'limit') {
      a.next();
      limitWords(a, (o.limits ??= {}));
    } else if (w === 'tmpl') {
      a.next();
      const t = tmplWords(a, ctx);
      (o.tmpl ??= []).push(t);
    } else if (w === 'if_id') o.ifId = u32Word(a.next(), 'IF_ID value is invalid');
    else {
      if (selSeen) duparg('unknown', w);
      selSeen = true;
      const sel = selectorWords(a, ctx);
      if (ctx.family === AF_UNSPEC) ctx.family = sel.family;
      const { family: _f, ...rest } = sel;
      o.sel = rest;
    }
    a.shift();
  }
  if (!dirSeen) fail(1, 'Not enough information: DIR is required.\n');
  if (env.opts.family === AF_INET6 && !o.sel?.src && !o.sel?.dst) o.family = 6;
  const h = await env.handle();
  const opts = o as XfrmPolicyOptions;
  await apiCall(() => (update ? h.xfrm.policy.update(opts) : h.xfrm.policy.add(opts)));
  return 0;
}

async function policyGetOrDelete(env: Env, del: boolean, argv: string[]): Promise<number> {
  const ctx: Ctx = { family: env.opts.family };
  const o: Partial<XfrmPolicyIdOptions> & { sel?: XfrmSelectorOptions & { dev?: string } } = {};
  let dirSeen = false;
  let selSeen = false;
  let indexSeen = false;
  let ptypeSeen = false;
  let ctxSeen = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'dir') {
      if (dirSeen) duparg('dir', w);
      dirSeen = true;
      o.dir = dirWord(a.next());
    } else if (w === 'ctx') {
      if (ctxSeen) duparg('ctx', w);
      ctxSeen = true;
      a.next();
      fail(1, 'pure-ip: security contexts (ctx) are not supported\n');
    } else if (w === 'mark') o.mark = markWords(a);
    else if (w === 'index') {
      if (indexSeen) duparg('index', w);
      indexSeen = true;
      o.index = u32Word(a.next(), 'INDEX value is invalid');
    } else if (w === 'ptype') {
      if (ptypeSeen) duparg('ptype', w);
      ptypeSeen = true;
      o.ptype = ptypeWord(a.next());
    } else if (w === 'if_id') o.ifId = u32Word(a.next(), 'IF_ID value is invalid');
    else {
      if (selSeen) invarg('unknown', w);
      selSeen = true;
      const sel = selectorWords(a, ctx);
      if (ctx.family === AF_UNSPEC) ctx.family = sel.family;
      const { family: _f, ...rest } = sel;
      o.sel = rest;
    }
    a.shift();
  }
  if (!dirSeen) fail(1, 'Not enough information: DIR is required.\n');
  if (!selSeen && !indexSeen) fail(1, 'Not enough information: either SELECTOR or INDEX is required.\n');
  if (selSeen && indexSeen) duparg2('SELECTOR', 'INDEX');
  if (env.opts.family === AF_INET6 && !o.sel?.src && !o.sel?.dst) o.family = 6;
  const h = await env.handle();
  const opts = o as XfrmPolicyIdOptions;
  if (del) {
    await apiCall(() => h.xfrm.policy.delete(opts));
    return 0;
  }
  const p = (await apiCall(() => h.xfrm.policy.get(opts))) as { raw: { header: any; attrs: any } };
  if (env.opts.json) {
    env.io.stdout(JSON.stringify(xfrmJson(p)) + '\n');
    return 0;
  }
  env.io.stdout(printPolicy(p.raw.header, p.raw.attrs, await printOptions(env)));
  return 0;
}

async function policyListArgs(env: Env, argv: string[]): Promise<Record<string, unknown>> {
  const ctx: Ctx = { family: env.opts.family };
  const filter: Record<string, unknown> = {};
  let selSeen = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'dir') filter.dir = dirWord(a.next());
    else if (w === 'index') filter.index = u32Word(a.next(), 'INDEX value is invalid');
    else if (w === 'ptype') filter.ptype = ptypeWord(a.next());
    else if (w === 'action') {
      const v = a.next();
      if (v === 'allow' || v === 'block') filter.action = v;
      else invarg('ACTION value is invalid\n', v);
    } else if (w === 'priority') filter.priority = u32Word(a.next(), 'PRIORITY value is invalid');
    else if (w === 'flag') {
      a.next();
      filter.flags = policyFlagWords(a);
    } else if (w === 'nosock') filter.nosock = true;
    else {
      if (selSeen) invarg('unknown', w);
      selSeen = true;
      const sel = selectorWords(a, ctx);
      if (ctx.family === AF_UNSPEC) ctx.family = sel.family;
      const { family: _f, dev, ...rest } = sel;
      const f: Record<string, unknown> = { ...rest };
      if (dev !== undefined && dev !== 'none') {
        const h = await env.handle();
        const l = (await apiCall(() => h.link.get(dev))) as { index: number };
        f.ifindex = l.index;
      } else if (dev === 'none') f.ifindex = 0;
      filter.sel = f;
    }
    a.shift();
  }
  if (env.opts.family === AF_INET) filter.family = 4;
  else if (env.opts.family === AF_INET6) filter.family = 6;
  return filter;
}

async function policyList(env: Env, argv: string[]): Promise<number> {
  const filter = await policyListArgs(env, argv);
  const h = await env.handle();
  const msgs = (await apiCall(() => h.xfrm.policy.messages(filter))) as Array<{ header: any; attrs: any }>;
  if (env.opts.json) {
    const { xfrmPolicyView } = await import('../../api/index.js');
    env.io.stdout(JSON.stringify(msgs.map((m) => xfrmJson(xfrmPolicyView(m)))) + '\n');
    return 0;
  }
  const opt = await printOptions(env);
  env.io.stdout(msgs.map((m) => printPolicy(m.header, m.attrs, opt)).join(''));
  return 0;
}

async function policyDeleteAll(env: Env, argv: string[]): Promise<number> {
  const filter = await policyListArgs(env, argv);
  const h = await env.handle();
  await apiCall(() => h.xfrm.policy.deleteAll(filter));
  return 0;
}

async function policyFlush(env: Env, argv: string[]): Promise<number> {
  let ptype: 'main' | 'sub' | undefined;
  const a = new Args(argv);
  while (a.more) {
    if (a.cur === 'ptype') {
      if (ptype !== undefined) duparg('ptype', a.cur);
      ptype = ptypeWord(a.next());
    } else invarg('unknown', a.cur);
    a.shift();
  }
  const h = await env.handle();
  await apiCall(() => h.xfrm.policy.flush(ptype));
  return 0;
}

async function policyCount(env: Env): Promise<number> {
  const h = await env.handle();
  const c = (await apiCall(() => h.xfrm.policy.count())) as Record<string, any>;
  if (env.opts.json) {
    env.io.stdout(JSON.stringify(c) + '\n');
    return 0;
  }
  env.io.stdout(printSpdInfo({
    info: { incnt: c.in, outcnt: c.out, fwdcnt: c.fwd, inscnt: c.socketIn, outscnt: c.socketOut, fwdscnt: c.socketFwd },
    ...(c.hashBuckets !== undefined ? { hinfo: { spdhcnt: c.hashBuckets, spdhmcnt: c.maxHashBuckets } } : {}),
    ...(c.ipv4Hthresh ? { ipv4Hthresh: c.ipv4Hthresh } : {}),
    ...(c.ipv6Hthresh ? { ipv6Hthresh: c.ipv6Hthresh } : {}),
  }, env.opts.stats, env.opts.oneline));
  return 0;
}

async function doPolicy(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return policyList(env, []);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return policyModify(env, false, rest);
  if (matches(w, 'update')) return policyModify(env, true, rest);
  if (matches(w, 'delete')) return policyGetOrDelete(env, true, rest);
  if (matches(w, 'deleteall') || matches(w, 'delall')) return policyDeleteAll(env, rest);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return policyList(env, rest);
  if (matches(w, 'get')) return policyGetOrDelete(env, false, rest);
  if (matches(w, 'flush')) return policyFlush(env, rest);
  if (matches(w, 'count')) return policyCount(env);
  if (matches(w, 'set') || matches(w, 'setdefault') || matches(w, 'getdefault')) fail(1, `pure-ip: "ip xfrm policy ${w}" is not supported\n`);
  if (matches(w, 'help')) throw new CliExit(255, XFRM_POLICY_USAGE);
  return fail(255, `Command "${w}" is unknown, try "ip xfrm policy help".\n`);
}

/** ip/ipxfrm.c do_xfrm */
export async function doXfrm(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) throw new CliExit(255, XFRM_USAGE);
  const w = argv[0]!;
  if (matches(w, 'state') || matches(w, 'sa')) return doState(env, argv.slice(1));
  if (matches(w, 'policy')) return doPolicy(env, argv.slice(1));
  if (matches(w, 'monitor')) fail(1, 'pure-ip: "ip xfrm monitor" is not supported\n');
  throw new CliExit(255, XFRM_USAGE);
}

export { incompleteCommand };
