/**
 * Addresses, as iproute2 6.1 prints them (ip/ipaddress.c print_addrinfo,
 * print_selected_addrinfo, ipaddr_filter).
 */
import { IFA_F, RT_SCOPE } from '../../rtnl/constants.js';
import { enumNum, flagsNum, indexToName, num, type FormatContext } from './context.js';
import type { AddrMessage } from '../../rtnl/addr/schema.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import { AF_INET, AF_INET6, AF_PACKET, AF_UNSPEC, familyName, rtscopeN2a } from './names.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, Printer } from './printer.js';
import { sprintf } from './printf.js';
import { prefixMatch, type Prefix } from './prefix.js';
import { ifiFlags } from './link.js';
import { INFINITY_LIFE_TIME } from '../../rtnl/addr/requests.js';

export { INFINITY_LIFE_TIME } from '../../rtnl/addr/requests.js';


export const IFA_FLAG_DATA: Array<{ name: string; mask: number; readonly: boolean; v6only: boolean }> = [
  { name: 'secondary', mask: 0x01, readonly: true, v6only: false },
  { name: 'temporary', mask: 0x01, readonly: true, v6only: false },
  { name: 'nodad', mask: 0x02, readonly: false, v6only: true },
  { name: 'optimistic', mask: 0x04, readonly: false, v6only: true },
  { name: 'dadfailed', mask: 0x08, readonly: true, v6only: true },
  { name: 'home', mask: 0x10, readonly: false, v6only: true },
  { name: 'deprecated', mask: 0x20, readonly: true, v6only: true },
  { name: 'tentative', mask: 0x40, readonly: true, v6only: true },
  { name: 'permanent', mask: 0x80, readonly: true, v6only: true },
  { name: 'mngtmpaddr', mask: 0x100, readonly: false, v6only: true },
  { name: 'noprefixroute', mask: 0x200, readonly: false, v6only: false },
  { name: 'autojoin', mask: 0x400, readonly: false, v6only: false },
  { name: 'stable-privacy', mask: 0x800, readonly: true, v6only: true },
];

/** The address part of `struct filter` (ip addr show/flush). */
export interface AddrFilter {
  ifindex?: number;
  scope?: number;
  scopemask?: number;
  flags?: number;
  flagmask?: number;
  family?: number;
  /** fnmatch pattern */
  label?: string;
  pfx?: Prefix;
  up?: boolean;
  /** filter.oneline / flush / echo: print "index: dev" first. */
  showIndex?: boolean;
}

export function addrFamily(msg: AddrMessage): number {
  return num(msg.header.family);
}
export function addrFlags(msg: AddrMessage): number {
  return flagsNum(IFA_F, msg.attrs?.flags ?? msg.header.flags);
}
export function addrScope(msg: AddrMessage): number {
  return enumNum(RT_SCOPE, msg.header.scope);
}

/** fnmatch(pattern, s, 0) for * ? and [...] */
export function fnmatch(pattern: string, s: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const j = pattern.indexOf(']', i + 2);
      if (j < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, j);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = j;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(re + '$').test(s);
}

function labelMatch(ctx: FormatContext, filter: AddrFilter, msg: AddrMessage): boolean {
  if (!filter.label) return true;
  const label = msg.attrs?.label !== undefined ? String(msg.attrs.label) : indexToName(ctx, num(msg.header.index));
  return fnmatch(filter.label, label);
}

/** Does the address pass the filter (the checks of print_addrinfo / ipaddr_filter)? */
export function addrMatches(msg: AddrMessage, ctx: FormatContext, filter: AddrFilter): boolean {
  const a = msg.attrs ?? {};
  const local = a.local ?? a.address;
  const flags = addrFlags(msg);
  if (filter.ifindex && filter.ifindex !== num(msg.header.index)) return false;
  if (((filter.scope ?? 0) ^ addrScope(msg)) & (filter.scopemask ?? 0)) return false;
  if ((((filter.flags ?? 0) ^ flags) & (filter.flagmask ?? 0)) >>> 0) return false;
  if (filter.family && filter.family !== addrFamily(msg)) return false;
  if (!labelMatch(ctx, filter, msg)) return false;
  if (filter.pfx && !prefixMatch(filter.pfx, local === undefined ? undefined : String(local))) return false;
  return true;
}

function printIfaFlags(p: Printer, family: number, flags: number): void {
  for (const fd of IFA_FLAG_DATA) {
    if (fd.mask === 0x80) {
      if (!(flags & fd.mask)) p.bool(PRINT_ANY, 'dynamic', 'dynamic ', true);
    } else if (flags & fd.mask) {
      if (fd.mask === 0x01 && family === AF_INET6) p.bool(PRINT_ANY, 'temporary', 'temporary ', true);
      else {
        p.string(PRINT_FP, null, '%s ', fd.name);
        p.bool(PRINT_JSON, fd.name, null, true);
      }
    }
    flags &= ~fd.mask;
  }
  if (flags) {
    if (p.json) p.string(PRINT_JSON, 'ifa_flags', null, sprintf('%02x', flags));
    else p.fp('flags %02x ', flags);
  }
}

export interface AddrPrintOptions {
  deleted?: boolean;
  filter?: AddrFilter;
}

/** print_addrinfo (without the flush part): returns false when filtered out. */
export function printAddr(p: Printer, msg: AddrMessage, ctx: FormatContext, opts: AddrPrintOptions = {}): boolean {
  const filter = opts.filter ?? {};
  const a = msg.attrs ?? {};
  const family = addrFamily(msg);
  const ifaFlags = addrFlags(msg);
  const local = a.local ?? a.address;
  const address = a.address ?? a.local;
  if (!addrMatches(msg, ctx, filter)) return false;

  if (opts.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  if (!ctx.brief) {
    if (ctx.oneline || filter.showIndex) {
      const idx = num(msg.header.index);
      const dev = indexToName(ctx, idx);
      if (p.json) {
        p.int(PRINT_JSON, 'index', null, idx);
        p.string(PRINT_JSON, 'dev', null, dev);
      } else p.fp('%u: %s', idx, dev);
    }
    const name = familyName(family);
    if (name[0] !== '?') p.string(PRINT_ANY, 'family', '    %s ', name);
    else p.int(PRINT_ANY, 'family_index', '    family %d ', family);
  }
  if (local !== undefined) {
    p.string(PRINT_ANY, 'local', '%s', String(local));
    if (address !== undefined && String(address) !== String(local)) {
      p.string(PRINT_FP, null, ' %s ', 'peer');
      p.string(PRINT_ANY, 'address', '%s', String(address));
    }
    p.int(PRINT_ANY, 'prefixlen', '/%d ', num(msg.header.prefixlen));
    if (a.rtPriority !== undefined) p.uint(PRINT_ANY, 'metric', 'metric %u ', num(a.rtPriority));
  }
  if (ctx.brief) return true;
  if (a.broadcast !== undefined) {
    p.string(PRINT_FP, null, '%s ', 'brd');
    p.string(PRINT_ANY, 'broadcast', '%s ', String(a.broadcast));
  }
  if (a.anycast !== undefined) {
    p.string(PRINT_FP, null, '%s ', 'any');
    p.string(PRINT_ANY, 'anycast', '%s ', String(a.anycast));
  }
  p.string(PRINT_ANY, 'scope', 'scope %s ', rtscopeN2a(addrScope(msg)));
  printIfaFlags(p, family, ifaFlags);
  if (a.label !== undefined) p.string(PRINT_ANY, 'label', '%s', String(a.label));
  if (a.cacheinfo !== undefined) {
    const valid = num(a.cacheinfo.valid) >>> 0;
    const pref = num(a.cacheinfo.prefered) >>> 0;
    p.nl();
    p.string(PRINT_FP, null, '       valid_lft ', null);
    if (valid === INFINITY_LIFE_TIME) {
      p.uint(PRINT_JSON, 'valid_life_time', null, INFINITY_LIFE_TIME);
      p.string(PRINT_FP, null, '%s', 'forever');
    } else p.uint(PRINT_ANY, 'valid_life_time', '%usec', valid);
    p.string(PRINT_FP, null, ' preferred_lft ', null);
    if (pref === INFINITY_LIFE_TIME) {
      p.uint(PRINT_JSON, 'preferred_life_time', null, INFINITY_LIFE_TIME);
      p.string(PRINT_FP, null, '%s', 'forever');
    } else if (ifaFlags & 0x20) p.int(PRINT_ANY, 'preferred_life_time', '%dsec', pref);
    else p.uint(PRINT_ANY, 'preferred_life_time', '%usec', pref);
  }
  p.string(PRINT_FP, null, '%s', '\n');
  return true;
}

/** print_selected_addrinfo: the addr_info array of one link. */
export function printSelectedAddrs(p: Printer, link: LinkMessageBody, addrs: AddrMessage[], ctx: FormatContext, filter: AddrFilter): void {
  const ifindex = num(link.header.index);
  const up = ifiFlags(link) & 1;
  p.openArray(PRINT_JSON, 'addr_info');
  for (const m of addrs) {
    if (num(m.header.index) !== ifindex || (filter.family && filter.family !== addrFamily(m))) continue;
    if (filter.up && !up) continue;
    p.openObject(null);
    printAddr(p, m, ctx, { filter });
    p.closeObject();
  }
  p.closeArray(PRINT_JSON, null);
  if (ctx.brief) p.string(PRINT_FP, null, '%s', '\n');
}

/** ipaddr_filter: which links stay in `ip addr show` once addresses are filtered. */
export function linkKeptByAddrFilter(link: LinkMessageBody, addrs: AddrMessage[], ctx: FormatContext, filter: AddrFilter): boolean {
  const ifindex = num(link.header.index);
  let missing = true;
  for (const m of addrs) {
    if (num(m.header.index) !== ifindex) continue;
    missing = false;
    if (filter.family && filter.family !== addrFamily(m)) continue;
    if (((filter.scope ?? 0) ^ addrScope(m)) & (filter.scopemask ?? 0)) continue;
    if ((((filter.flags ?? 0) ^ addrFlags(m)) & (filter.flagmask ?? 0)) >>> 0) continue;
    if (!labelMatch(ctx, filter, m)) continue;
    const local = m.attrs?.local ?? m.attrs?.address;
    if (filter.pfx && !prefixMatch(filter.pfx, local === undefined ? undefined : String(local))) continue;
    return true;
  }
  return missing && (filter.family === AF_UNSPEC || filter.family === undefined || filter.family === AF_PACKET);
}

/** One address as iproute2's JSON object (an addr_info entry). */
export function addrToJson(msg: AddrMessage, ctx: FormatContext, opts: AddrPrintOptions = {}): unknown {
  const p = new Printer({ json: true });
  p.openObject(null);
  printAddr(p, msg, ctx, opts);
  p.closeObject();
  return p.jsonValue();
}
export function addrToText(msg: AddrMessage, ctx: FormatContext, opts: AddrPrintOptions = {}): string {
  const p = new Printer({ json: false });
  printAddr(p, msg, ctx, opts);
  return p.take();
}

export { AF_INET };
