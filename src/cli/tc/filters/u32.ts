/**
 * pure-tc's u32 filter (iproute2 tc/f_u32.c): `match` selectors (u32/u16/u8 VAL MASK [at
 * [nexthdr+]OFF], ip src|dst PREFIX, ip tos|dsfield|precedence|ihl|protocol|sport|dport|
 * icmp_type|icmp_code VAL MASK, ip nofrag|firstfrag|df|mf), classid/flowid, divisor, order, link,
 * ht, indev, actions, skip_hw/skip_sw; and its printer (u32_print_opt, keys as print_raw: what tc
 * prints without -p). Keys are packed as pack_key does, in host-order numbers: the key codec
 * (tc_u32_key, be32 fields) writes them in network order. Selectors tc has that pure-tc does not
 * parse yet (ip6, tcp, udp, icmp, mark, ether, offset, hashkey, sample, police) are refused by name.
 */
import { CommandFailed } from '../../errors.js';
import type { Args } from '../../args.js';
import { u32Attrs } from '../../../rtnl/tc/index.js';
import type { ActionAttrs } from '../../../rtnl/tc/schema.js';
import { formatClassid, parseClassid } from '../../../api/tc.js';
import { PRINT_ANY, PRINT_FP } from '../../format/printer.js';
import { OrderedAttrs } from '../ordered.js';
import { filterActions } from '../action.js';
import { printActions } from '../action-print.js';
import type { FilterCli } from '../filter.js';
import type { FilterPrinter } from '../filter-show.js';
import { strtolBase0 } from './matchall.js';

const EXPLAIN = `Usage: ... u32 [ match SELECTOR ... ] [ link HTID ] [ classid CLASSID ]
               [ action ACTION_SPEC ] [ offset OFFSET_SPEC ]
               [ ht HTID ] [ hashkey HASHKEY_SPEC ]
               [ sample SAMPLE ] [skip_hw | skip_sw]
or         u32 divisor DIVISOR

Where: SELECTOR := SAMPLE SAMPLE ...
       SAMPLE := { ip | ip6 | udp | tcp | icmp | u{32|16|8} | mark }
                 SAMPLE_ARGS [ divisor DIVISOR ]
       FILTERID := X:Y:Z

NOTE: CLASSID is parsed at hexadecimal input.
`;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};
const matches = (w: string, full: string) => w !== '' && full.startsWith(w);

// TC_U32_TERMINAL, TC_U32_OFFSET, TC_U32_VAROFFSET, TC_U32_EAT (linux/pkt_cls.h)
const TC_U32_TERMINAL = 1;
const TC_U32_OFFSET = 2;
const TC_U32_VAROFFSET = 4;
const TC_U32_EAT = 8;
const NODE = (h: number) => h & 0xfff;

interface Key {
  val: number;
  mask: number;
  off: number;
  offmask: number;
}
class BadSelector extends Error {}
const bad = (): never => {
  throw new BadSelector();
};

/** get_u32_handle: `HTID:HASH:NODE` in hex, or a 0x number. */
function u32Handle(s: string): number | undefined {
  if (!s.includes(':')) return s.startsWith('0x') && /^0x[0-9a-f]+$/i.test(s) && parseInt(s, 16) <= 0xffffffff ? parseInt(s, 16) : undefined;
  const parts = s.split(':');
  if (parts.length > 3 || parts.some((p) => p !== '' && !/^[0-9a-f]+$/i.test(p))) return undefined;
  const [htid, hash, node] = parts.map((p) => (p === '' ? 0 : parseInt(p, 16))) as [number, number | undefined, number | undefined];
  if (htid >= 0x1000 || (hash ?? 0) >= 0x100 || (node ?? 0) >= 0x1000) return undefined;
  return ((htid << 20) | ((hash ?? 0) << 12) | (node ?? 0)) >>> 0;
}

/** sprint_u32_handle */
function sprintU32Handle(h: number, raw: number): string {
  if (h === 0) return 'none';
  let s = '';
  const htid = h >>> 20;
  const hash = (h >>> 12) & 0xff;
  const node = NODE(h);
  if (htid) s += `${htid.toString(16)}:`;
  if (hash) s += hash.toString(16);
  if (node) s += `:${node.toString(16)}`;
  if (raw) s += `[${(h >>> 0).toString(16).padStart(8, '0')}]`;
  return s;
}

/** pack_key (host-order value and mask of the 32-bit word at `off`). */
function packKey(keys: Key[], key: number, mask: number, off: number, offmask: number): void {
  key = (key & mask) >>> 0;
  const k = keys.find((x) => x.off === off && x.offmask === offmask);
  if (k) {
    if ((key ^ k.val) & mask & k.mask) bad();
    k.val = (k.val | key) >>> 0;
    k.mask = (k.mask | mask) >>> 0;
    return;
  }
  if (keys.length >= 128 || off % 4) bad();
  keys.push({ val: key, mask: mask >>> 0, off, offmask });
}
function packKey16(keys: Key[], key: number, mask: number, off: number, offmask: number): void {
  if (key > 0xffff || mask > 0xffff) bad();
  if ((off & 3) === 0) (key = key << 16), (mask = mask << 16);
  packKey(keys, key >>> 0, mask >>> 0, off & ~3, offmask);
}
function packKey8(keys: Key[], key: number, mask: number, off: number, offmask: number): void {
  if (key > 0xff || mask > 0xff) bad();
  const shift = [24, 16, 8, 0][off & 3]!;
  packKey(keys, (key << shift) >>> 0, (mask << shift) >>> 0, off & ~3, offmask);
}

/** get_u32 with the given base (0: C's strtoul prefixes). */
function getU32(s: string | undefined, base: 0 | 16): number {
  if (s === undefined) return bad();
  const v = base === 16 ? (/^(0x)?[0-9a-f]+$/i.test(s) ? parseInt(s.replace(/^0x/i, ''), 16) : NaN) : strtolBase0(s);
  if (v === undefined || !Number.isInteger(v) || v < 0 || v > 0xffffffff || (base === 0 && !/^(0x[0-9a-f]+|[0-9]+)$/i.test(s))) return bad();
  return v;
}

/** VAL MASK [at [nexthdr+]OFF], packed by `pack`. */
function parseSized(args: Args, keys: Key[], off: number, pack: typeof packKey, max: number): void {
  const key = getU32(args.more ? args.cur : undefined, 0);
  args.shift();
  const mask = getU32(args.more ? args.cur : undefined, 16);
  args.shift();
  if (max === 0xff && (key > 0xff || mask > 0xff)) bad();
  let offmask = 0;
  if (args.more && args.cur === 'at') {
    args.next();
    let w = args.cur;
    if (w.length > 8 && w.startsWith('nexthdr+')) {
      offmask = -1;
      w = w.slice(8);
    } else if (matches(w, 'nexthdr+')) {
      offmask = -1;
      w = args.next();
    }
    const o = strtolBase0(w);
    if (o === undefined) bad();
    off = o!;
    args.shift();
  }
  pack(keys, key, mask, off, offmask);
}

/** parse_ip_addr: an IPv4 prefix at offset `off` (12: source, 16: destination). */
function parseIpAddr(args: Args, keys: Key[], off: number): void {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(args.cur);
  if (!m || m.slice(1, 5).some((b) => Number(b) > 255) || Number(m[5] ?? 32) > 32) bad();
  const addr = m!.slice(1, 5).reduce((a, b) => a * 256 + Number(b), 0);
  const bits = Number(m![5] ?? 32);
  args.shift();
  const mask = bits ? (0xffffffff << (32 - bits)) >>> 0 : 0;
  packKey(keys, addr, mask, off, 0);
}

function parseIp(args: Args, keys: Key[]): void {
  if (args.count < 2) bad();
  const w = args.cur;
  const sized = (off: number, pack: typeof packKey, max: number) => {
    args.next();
    parseSized(args, keys, off, pack, max);
  };
  if (w === 'src' || w === 'dst') {
    args.next();
    parseIpAddr(args, keys, w === 'src' ? 12 : 16);
  } else if (w === 'tos' || matches(w, 'dsfield') || matches(w, 'precedence')) sized(1, packKey8, 0xff);
  else if (w === 'ihl') sized(0, packKey8, 0xff);
  else if (w === 'protocol') sized(9, packKey8, 0xff);
  else if (w === 'dport') sized(22, packKey16, 0xffff);
  else if (w === 'sport') sized(20, packKey16, 0xffff);
  else if (w === 'icmp_type') sized(20, packKey8, 0xff);
  else if (w === 'icmp_code') sized(21, packKey8, 0xff);
  else {
    const frag: Record<string, [number, number]> = { nofrag: [0, 0x3fff], firstfrag: [0x2000, 0x3fff], df: [0x4000, 0x4000], mf: [0x2000, 0x2000] };
    const f = Object.hasOwn(frag, w) ? frag[w] : undefined;
    if (!f) bad();
    args.shift();
    packKey16(keys, f![0], f![1], 6, 0);
  }
}

/** parse_selector */
function parseSelector(args: Args, keys: Key[]): void {
  const w = args.cur;
  if (matches(w, 'u32')) (args.next(), parseSized(args, keys, 0, packKey, 0xffffffff));
  else if (matches(w, 'u16')) (args.next(), parseSized(args, keys, 0, packKey16, 0xffff));
  else if (matches(w, 'u8')) (args.next(), parseSized(args, keys, 0, packKey8, 0xff));
  else if (matches(w, 'ip')) (args.next(), parseIp(args, keys));
  else if (['ip6', 'udp', 'tcp', 'icmp', 'mark', 'ether'].some((s) => matches(w, s))) fail(`pure-tc: the u32 "${w}" selector is not supported yet\n`);
  else bad();
}

export const u32Cli: FilterCli = {
  async parse(args: Args, handle, header, index) {
    if (handle !== undefined) {
      const h = u32Handle(handle);
      if (h === undefined) fail('Illegal filter ID\n');
      header.handle = h!;
    }
    if (!args.more) return undefined;
    const o = new OrderedAttrs(u32Attrs);
    const keys: Key[] = [];
    let selFlags = 0;
    let selOk = false;
    let terminal = false;
    let htid = 0;
    let order = 0;
    let flags = 0;
    while (args.more) {
      const a = args.cur;
      if (matches(a, 'match')) {
        args.next();
        try {
          parseSelector(args, keys);
        } catch (e) {
          if (e instanceof BadSelector) fail('Illegal "match"\n');
          throw e;
        }
        selOk = true;
        continue;
      } else if (matches(a, 'classid') || a === 'flowid') {
        const c = parseClassid(args.next());
        if (c === undefined) fail('Illegal "classid"\n');
        o.add('classid', c);
        selFlags |= TC_U32_TERMINAL;
      } else if (matches(a, 'divisor')) {
        const d = strtolBase0(args.next());
        if (d === undefined || d === 0 || d > 0x100 || (d - 1) & d) fail('Illegal "divisor"\n');
        o.add('divisor', d);
      } else if (matches(a, 'order')) {
        const v = strtolBase0(args.next());
        if (v === undefined || v < 0 || v > 0xffffffff) fail('Illegal "order"\n');
        order = v!;
      } else if (a === 'link') {
        const l = u32Handle(args.next());
        if (l === undefined) fail('Illegal "link"\n');
        if (l && NODE(l)) fail('"link" must be a hash table.\n');
        o.add('link', l);
      } else if (a === 'ht') {
        const ht = u32Handle(args.next());
        if (ht === undefined) fail('Illegal "ht"\n');
        if (handle !== undefined && NODE(ht!)) fail('"ht" must be a hash table.\n');
        htid = (ht! & 0xfffff000) >>> 0;
      } else if (a === 'indev') {
        args.shift();
        if (!args.more) fail('Illegal indev\n');
        o.add('indev', args.cur.slice(0, 16));
      } else if (matches(a, 'action')) {
        args.next();
        o.add('act', await filterActions(args, index, fail));
        terminal = true;
        continue;
      } else if (a === 'skip_hw') flags |= 1;
      else if (a === 'skip_sw') flags |= 2;
      else if (['offset', 'hashkey', 'police'].some((s) => matches(a, s)) || a === 'sample') fail(`pure-tc: the u32 "${a}" option is not supported yet\n`);
      else if (a === 'help') fail(EXPLAIN);
      else fail(`What is "${a}"?\n${EXPLAIN}`);
      args.shift();
    }
    if (terminal) selFlags |= TC_U32_TERMINAL;
    if (order) {
      if (NODE(header.handle) && order !== NODE(header.handle)) fail('"order" contradicts "handle"\n');
      header.handle = (header.handle | order) >>> 0;
    }
    if (htid) o.add('hash', htid);
    if (selOk) {
      o.add('sel', { flags: selFlags, offshift: 0, _pad: 0, offmask: 0, off: 0, offoff: 0, hoff: 0, hmask: 0, keys: keys.map((k) => ({ mask: k.mask, val: k.val, off: k.off, offmask: k.offmask })) });
    }
    if (flags) {
      if (flags === 3) fail('skip_hw and skip_sw are mutually exclusive\n');
      o.add('flags', flags);
    }
    return o.done();
  },
};

type Sel = { flags: number; offshift: number; offmask: number; off: number; offoff: number; hoff: number; hmask: number; keys: Key[] };

/** u32_print_opt */
export const printU32: FilterPrinter = (p, o, handle, ctx) => {
  const sel = o.sel as Sel | undefined;
  const pcnt = o.pcnt as { rcnt: bigint; rhit: bigint; kcnts?: bigint[] } | undefined;
  if (handle) p.string(PRINT_ANY, 'fh', 'fh %s ', sprintU32Handle(handle, ctx.opts.raw));
  if (NODE(handle)) p.int(PRINT_ANY, 'order', 'order %d ', NODE(handle));
  if (o.divisor !== undefined) p.int(PRINT_ANY, 'ht_divisor', 'ht divisor %d ', Number(o.divisor));
  else if (o.hash !== undefined) {
    const h = Number(o.hash);
    p.hex(PRINT_ANY, 'key_ht', 'key ht %x ', h >>> 20);
    p.hex(PRINT_ANY, 'bkt', 'bkt %x ', (h >>> 12) & 0xff);
  }
  if (o.classid !== undefined) {
    if (sel && sel.flags & TC_U32_TERMINAL) p.string(PRINT_FP, null, '*', null);
    p.string(PRINT_ANY, 'flowid', 'flowid %s ', formatClassid(Number(o.classid)));
  } else if (sel && sel.flags & TC_U32_TERMINAL) p.string(PRINT_FP, null, 'terminal flowid ', null);
  if (o.link !== undefined) p.string(PRINT_ANY, 'link', 'link %s ', sprintU32Handle(Number(o.link), ctx.opts.raw));
  if (o.flags !== undefined) {
    const f = Number(o.flags);
    if (f & 1) p.bool(PRINT_ANY, 'skip_hw', 'skip_hw ', true);
    if (f & 2) p.bool(PRINT_ANY, 'skip_sw', 'skip_sw ', true);
    if (f & 4) p.bool(PRINT_ANY, 'in_hw', 'in_hw ', true);
    else if (f & 8) p.bool(PRINT_ANY, 'not_in_hw', 'not_in_hw ', true);
  }
  if (sel && ctx.opts.stats && pcnt) {
    p.u64(PRINT_ANY, 'rule_hit', '(rule hit %llu ', pcnt.rcnt);
    p.u64(PRINT_ANY, 'success', 'success %llu)', pcnt.rhit);
  }
  if (o.mark !== undefined) {
    const m = o.mark as { val: number; mask: number; success: number };
    p.nl();
    // print_0xhex: text `0x%04x`, JSON `%#llx` (no padding)
    p.hex0x(PRINT_ANY, 'fwmark_value', '  mark 0x%04x ', m.val >>> 0);
    p.hex0x(PRINT_ANY, 'fwmark_mask', '0x%04x ', m.mask >>> 0);
    p.int(PRINT_ANY, 'fwmark_success', '(success %d)', m.success);
  }
  if (sel) {
    sel.keys.forEach((k, i) => {
      // print_raw
      p.openObject('match');
      p.nl();
      p.hex(PRINT_ANY, 'value', '  match %08x', k.val >>> 0);
      p.hex(PRINT_ANY, 'mask', '/%08x ', k.mask >>> 0);
      p.string(PRINT_ANY, 'offmask', 'at %s', k.offmask ? 'nexthdr+' : '');
      p.int(PRINT_ANY, 'off', '%d', k.off);
      p.closeObject();
      if (ctx.opts.stats && pcnt) p.u64(PRINT_ANY, 'success', ' (success %llu ) ', pcnt.kcnts?.[i] ?? 0n);
    });
    if (sel.flags & (TC_U32_VAROFFSET | TC_U32_OFFSET)) {
      p.nl();
      p.string(PRINT_ANY, null, '%s', '    offset ');
      if (sel.flags & TC_U32_VAROFFSET) {
        p.hex(PRINT_ANY, 'offset_mask', '%04x', sel.offmask);
        p.int(PRINT_ANY, 'offset_shift', '>>%d ', sel.offshift);
        p.int(PRINT_ANY, 'offset_off', 'at %d ', sel.offoff);
      }
      if (sel.off) p.int(PRINT_ANY, 'plus', 'plus %d ', sel.off);
    }
    if (sel.flags & TC_U32_EAT) p.string(PRINT_ANY, null, '%s', ' eat ');
    if (sel.hmask) {
      p.nl();
      p.hex(PRINT_ANY, 'hash_mask', '    hash mask %08x ', sel.hmask >>> 0);
      p.int(PRINT_ANY, 'hash_off', 'at %d ', sel.hoff);
    }
  }
  if (o.indev !== undefined) {
    p.nl();
    p.string(PRINT_ANY, 'input_dev', '  input dev %s', String(o.indev));
    p.nl();
  }
  printActions(p, o.act as ActionAttrs[] | undefined, ctx);
};
