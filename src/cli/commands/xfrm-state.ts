/**
 * `ip xfrm state` (ip/xfrm_state.c): add, update, allocspi, delete, get, list, deleteall, flush,
 * count.
 */
import { Args, matches } from '../args.js';
import { CliExit, duparg, invarg, missarg } from '../errors.js';
import type { Env } from '../env.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../format/names.js';
import { getUnsigned, prefixAddrText } from '../format/prefix.js';
import { printSadInfo, printState } from '../format/xfrm.js';
import { getAddrOrExit } from './addr-words.js';
import { apiCall } from './common.js';
import type { XfrmAllocSpiOptions, XfrmIdOptions, XfrmSelectorOptions, XfrmStateOptions } from '../../xfrm/requests.js';
import {
  MODE_NUM, XPROTO, fail, idWords, printJson, limitWords, markWords, modeWord, prefixWord, printOptions, selectorWords, stateFlagWords, u32Word, xprotoName,
  type Ctx,
} from './xfrm-words.js';

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
    else if (w === 'seq') o.seq = seqWord(a.next());
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

/**
 * xfrm_seq_parse: ip reads SEQ with get_be32 into the host-order `seq` field, so the kernel gets
 * the value byte-swapped (`seq 9` is 0x09000000); pure-ip sends what ip sends.
 */
function seqWord(w: string): number {
  const v = u32Word(w, 'SEQ value is invalid');
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

/** ip's xfrm_state_allocspi: prints the larval SA the kernel made. */
async function stateAllocSpi(env: Env, argv: string[]): Promise<number> {
  const ctx: Ctx = { family: env.opts.family };
  const o: XfrmAllocSpiOptions = {};
  let idSeen = false;
  let minSeen = false;
  let maxSeen = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'mode') o.mode = modeWord(a.next());
    else if (w === 'mark') o.mark = markWords(a);
    else if (w === 'reqid') o.reqid = u32Word(a.next(), 'REQID value is invalid');
    else if (w === 'seq') o.seq = seqWord(a.next());
    else if (w === 'min' || w === 'max') {
      if (w === 'min' ? minSeen : maxSeen) duparg(w, w);
      if (w === 'min') minSeen = true;
      else maxSeen = true;
      o[w] = u32Word(a.next(), `value after "${w}" is invalid`);
    } else {
      if (idSeen) invarg('unknown', w);
      idSeen = true;
      const id: XfrmIdOptions & { srcPlen?: number; dstPlen?: number } = {};
      const f = idWords(a, ctx, id, false);
      if (id.spi) fail(1, '"spi" is invalid\n');
      if (id.src !== undefined) o.src = id.src;
      if (id.dst !== undefined) o.dst = id.dst;
      if (id.proto !== undefined) o.proto = id.proto;
      if (f === AF_INET6) o.family = 6;
      if (ctx.family === AF_UNSPEC) ctx.family = f;
    }
    a.shift();
  }
  if (!idSeen) fail(1, 'Not enough information: ID is required\n');
  if (minSeen && !maxSeen) fail(1, '"max" is missing\n');
  if (maxSeen && !minSeen) fail(1, '"min" is missing\n');
  if (minSeen && o.min! > o.max!) fail(1, 'value after "min" is larger than value after "max"\n');
  if (o.family === undefined && env.opts.family === AF_INET6) o.family = 6;
  const h = await env.handle();
  const s = (await apiCall(() => h.xfrm.state.allocSpi(o)));
  if (env.opts.json) return printJson(env, s);
  env.io.stdout(printState(s.raw.header, s.raw.attrs, await printOptions(env, [s.raw])));
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
  const s = (await apiCall(() => h.xfrm.state.get(o)));
  if (env.opts.json) {
    return printJson(env, s);
  }
  env.io.stdout(printState(s.raw.header, s.raw.attrs, await printOptions(env, [s.raw])));
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
  const msgs = (await apiCall(() => h.xfrm.state.messages(filter)));
  if (env.opts.json) {
    const { xfrmStateView } = await import('../../api/index.js');
    return printJson(env, msgs.map((m) => xfrmStateView(m)));
  }
  const opt = await printOptions(env, msgs, nokeys);
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
    return printJson(env, c);
  }
  env.io.stdout(printSadInfo({ cnt: c.count, ...(c.hashBuckets !== undefined ? { hinfo: { sadhcnt: c.hashBuckets, sadhmcnt: c.maxHashBuckets ?? 0 } } : {}) }, env.opts.stats));
  return 0;
}

export async function doState(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return stateList(env, []);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return stateModify(env, false, rest);
  if (matches(w, 'update')) return stateModify(env, true, rest);
  if (matches(w, 'allocspi')) return stateAllocSpi(env, rest);
  if (matches(w, 'delete')) return stateGetOrDelete(env, true, rest);
  if (matches(w, 'deleteall') || matches(w, 'delall')) return stateDeleteAll(env, rest);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return stateList(env, rest);
  if (matches(w, 'get')) return stateGetOrDelete(env, false, rest);
  if (matches(w, 'flush')) return stateFlush(env, rest);
  if (matches(w, 'count')) return stateCount(env);
  if (matches(w, 'help')) throw new CliExit(255, XFRM_STATE_USAGE);
  return fail(255, `Command "${w}" is unknown, try "ip xfrm state help".\n`);
}
