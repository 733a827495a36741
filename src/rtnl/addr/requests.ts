/**
 * Address request builders: the Request iproute2 6.1 sends for `ip addr add|del|change|replace`
 * and the address dump (`ip addr show`). They take interface indexes, not names.
 */
import { parseIPv4 } from '../../netlink/address.js';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../netlink/constants.js';
import { flagNamesOf, flagWordOf } from '../../netlink/enums.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_INET, AF_UNSPEC, IFAPROT, IFA_F, RTM_DELADDR, RTM_GETADDR, RTM_NEWADDR, RT_SCOPE } from '../constants.js';
import { parsePrefix } from '../route/prefix.js';
import type { DumpRequest } from '../route/requests.js';
import type { AddrAttrs, AddrHeader, AddrMessage } from './schema.js';
import { addrFlags } from './schema.js';

type Named<E extends { name(v: number): unknown }> = Extract<ReturnType<E['name']>, string> | number;
/**
 * An address flag (IFA_F_*) as `ip address` spells it (`permanent`, `nodad`, `noprefixroute`...).
 */
export type AddrFlagName = Named<typeof IFA_F>;
/** An address scope as `ip address` spells it (`global`, `link`, `host`...). */
export type AddrScopeName = Named<typeof RT_SCOPE>;
/**
 * An address protocol (IFAPROT_*): who added the address (`kernel_lo`, `kernel_ra`,
 * `kernel_ll`...).
 */
export type AddrProtoName = Named<typeof IFAPROT>;

/** Lifetime in seconds, or 'forever' (0xffffffff). */
export type Lifetime = number | 'forever';

/**
 * INFINITY_LIFE_TIME (0xffffffff, linux/if_addr.h): an address lifetime that never expires
 * (`valid_lft forever`).
 */
export const INFINITY_LIFE_TIME = 0xffffffff;

/** `ip addr add|del|change|replace ADDRESS[/LEN] [peer PEER] [broadcast B|+|-] ... dev IF` */
export interface AddrOptions {
  /** The local address with optional prefix length: '192.0.2.1/24', '2001:db8::1/64'. */
  address: string;
  /** Interface index. */
  dev: number;
  family?: number;
  /** Peer address of a point-to-point link ('203.0.113.10/32'); its length becomes the prefix length. */
  peer?: string;
  /** Broadcast address, or '+' / '-' to derive it from the prefix (host bits all ones / zeros). IPv4. */
  broadcast?: string;
  anycast?: string;
  /** IFA_LABEL (IPv4: 'eth0' or 'eth0:alias'). */
  label?: string;
  /** Default: host for 127.0.0.0/8 on add, else global. */
  scope?: AddrScopeName;
  /** IFA_RT_PRIORITY: metric of the prefix route. */
  metric?: number;
  /** IFA_PROTO */
  proto?: AddrProtoName;
  /** IFA_F_* flags to set: 'nodad', 'noprefixroute', 'homeaddress', 'managetempaddr', 'mcautojoin', 'optimistic'. */
  flags?: AddrFlagName[];
  validLft?: Lifetime;
  preferredLft?: Lifetime;
}

const lifetime = (v: Lifetime | undefined): number => (v === undefined || v === 'forever' ? INFINITY_LIFE_TIME : v);

function derivedBroadcast(local: string, prefixlen: number, ones: boolean): string {
  const b = parseIPv4(local);
  for (let bit = prefixlen; bit < 32; bit++) {
    const i = bit >> 3;
    const m = 0x80 >> (bit & 7);
    b[i] = ones ? b[i]! | m : b[i]! & ~m;
  }
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** The body of an address add/change/replace/delete request. */
export function addrBody(opts: AddrOptions, del = false): AddrMessage {
  const local = parsePrefix(opts.address, opts.family ?? AF_UNSPEC, 'address');
  if (local.address === undefined) throw new ValidationError('address: an address is required', 'address');
  const family = local.family;
  const peer = opts.peer !== undefined ? parsePrefix(opts.peer, family, 'peer') : undefined;
  const prefixlen = peer ? peer.len : local.len;
  const attrs: AddrAttrs = { local: local.address };
  if (opts.metric !== undefined) attrs.rtPriority = opts.metric;
  if (opts.proto !== undefined) attrs.proto = IFAPROT.name(IFAPROT.value(opts.proto));
  const word = flagWordOf(IFA_F, opts.flags ?? []);
  if (word > 0xff) attrs.flags = flagNamesOf(IFA_F, word);
  if (opts.label !== undefined) attrs.label = opts.label;
  attrs.address = peer?.address ?? local.address;
  if (opts.broadcast !== undefined) {
    if (opts.broadcast === '+' || opts.broadcast === '-') {
      if (family !== AF_INET) throw new ValidationError('broadcast +/- needs an IPv4 address', 'broadcast');
      if (!del && prefixlen < 31) attrs.broadcast = derivedBroadcast(local.address, prefixlen, opts.broadcast === '+');
    } else attrs.broadcast = opts.broadcast;
  }
  if (opts.anycast !== undefined) attrs.anycast = opts.anycast;
  if (opts.validLft !== undefined || opts.preferredLft !== undefined) {
    const valid = lifetime(opts.validLft);
    const prefered = lifetime(opts.preferredLft);
    if (valid < prefered) throw new ValidationError('preferred_lft is greater than valid_lft', 'preferredLft');
    attrs.cacheinfo = { prefered, valid, cstamp: 0, tstamp: 0 };
  }
  const loopback = family === AF_INET && local.address.startsWith('127.');
  const scope = opts.scope ?? (!del && loopback ? 'host' : 'global');
  const header: AddrHeader = {
    family,
    prefixlen,
    flags: word <= 0xff ? flagNamesOf(IFA_F, word) : [],
    scope: RT_SCOPE.name(RT_SCOPE.value(scope)),
    index: opts.dev,
  };
  return { header, attrs };
}

/** `ip addr add`: RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE. */
export function addrAdd(opts: AddrOptions): Request<AddrMessage> {
  return { type: RTM_NEWADDR, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, body: addrBody(opts) };
}
/** `ip addr change`: RTM_NEWADDR, REQUEST|ACK|REPLACE. */
export function addrChange(opts: AddrOptions): Request<AddrMessage> {
  return { type: RTM_NEWADDR, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE, body: addrBody(opts) };
}
/** `ip addr replace`: RTM_NEWADDR, REQUEST|ACK|REPLACE|CREATE. */
export function addrReplace(opts: AddrOptions): Request<AddrMessage> {
  return { type: RTM_NEWADDR, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE | NLM_F_CREATE, body: addrBody(opts) };
}
/** `ip addr del`: RTM_DELADDR, REQUEST|ACK. */
export function addrDelete(opts: AddrOptions): Request<AddrMessage> {
  return { type: RTM_DELADDR, flags: NLM_F_REQUEST | NLM_F_ACK, body: addrBody(opts, true) };
}

/**
 * Delete an address exactly as dumped (what `ip addr flush` sends: the dumped message back as
 * RTM_DELADDR, flags REQUEST only, without NLM_F_ACK unless asked).
 */
export function addrDeleteMessage(body: AddrMessage, ack = false): Request<AddrMessage> {
  return { type: RTM_DELADDR, flags: NLM_F_REQUEST | (ack ? NLM_F_ACK : 0), body };
}

/** `ip addr show [dev IF] [-4|-6] [scope S] [label L]` */
export interface AddrDumpOptions {
  /** Kernel filter: ifa_family. */
  family?: number;
  /** Kernel filter: ifa_index. */
  dev?: number;
  /** Client-side only. */
  scope?: AddrScopeName;
  /** Client-side only: exact label, or a pattern ending in '*'. */
  label?: string;
  /** Client-side only: every one of these IFA_F_* flags must be set. */
  flags?: AddrFlagName[];
}

/** Address dump: RTM_GETADDR, REQUEST|DUMP, with family and ifa_index as kernel filters. */
export function addrDump(opts: AddrDumpOptions = {}): DumpRequest<AddrMessage> {
  const family = opts.family ?? AF_UNSPEC;
  const index = opts.dev ?? 0;
  const header: AddrHeader = { family, prefixlen: 0, flags: [], scope: 'global', index };
  const scope = opts.scope === undefined ? undefined : RT_SCOPE.value(opts.scope);
  const want = opts.flags ? flagWordOf(IFA_F, opts.flags) : 0;
  return {
    request: { type: RTM_GETADDR, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header, attrs: {} } },
    match(body) {
      if (family !== AF_UNSPEC && body.header.family !== family) return false;
      if (index !== 0 && body.header.index !== index) return false;
      if (scope !== undefined && RT_SCOPE.value(body.header.scope) !== scope) return false;
      if (opts.label !== undefined) {
        const label = body.attrs.label ?? '';
        const ok = opts.label.endsWith('*') ? label.startsWith(opts.label.slice(0, -1)) : label === opts.label;
        if (!ok) return false;
      }
      if (want && (flagWordOf(IFA_F, addrFlags(body)) & want) !== want) return false;
      return true;
    },
  };
}
