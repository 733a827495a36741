/**
 * Addresses: struct ifaddrmsg + IFA_* (RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR). Facts from
 * linux/if_addr.h and the kernel's rt-addr.yaml.
 */
import type { ValueOf } from '../../netlink/codec.js';
import { enumOf, flagsOf } from '../../netlink/enums.js';
import type { MessageBody } from '../../netlink/schema.js';
import type { MessageTypeSpec } from '../route/types.js';
import { attrs, message, struct } from '../../netlink/schema.js';
import { address, s32, string, u32, u8 } from '../../netlink/types.js';
import { IFAPROT, IFA_F, RTM_DELADDR, RTM_GETADDR, RTM_NEWADDR, RT_SCOPE } from '../constants.js';

/** struct ifaddrmsg. `flags` holds the low 8 IFA_F_* bits (IFA_FLAGS has all of them). */
export const ifaddrmsg = struct(
  'ifaddrmsg',
  [
    ['family', u8],
    ['prefixlen', u8],
    ['flags', flagsOf(u8, IFA_F)],
    ['scope', enumOf(u8, RT_SCOPE)],
    ['index', u32],
  ] as const,
  { familyField: 'family' },
);

/** struct ifa_cacheinfo: lifetimes in seconds (0xffffffff = forever), timestamps in 1/100 s. */
export const ifaCacheinfo = struct('ifa_cacheinfo', [
  ['prefered', u32],
  ['valid', u32],
  ['cstamp', u32],
  ['tstamp', u32],
] as const);

/** IFA_*; listed in the order iproute2 emits them (the encode order of a fresh message). */
export const addrAttrs = attrs('IFA_', {
  local: [2, 'LOCAL', address],
  rtPriority: [9, 'RT_PRIORITY', u32],
  proto: [11, 'PROTO', enumOf(u8, IFAPROT)],
  flags: [8, 'FLAGS', flagsOf(u32, IFA_F)],
  label: [3, 'LABEL', string()],
  address: [1, 'ADDRESS', address],
  broadcast: [4, 'BROADCAST', address],
  anycast: [5, 'ANYCAST', address],
  cacheinfo: [6, 'CACHEINFO', ifaCacheinfo],
  multicast: [7, 'MULTICAST', address],
  targetNetnsid: [10, 'TARGET_NETNSID', s32],
});

/** struct ifaddrmsg, the fixed header of RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR. */
export type AddrHeader = ValueOf<typeof ifaddrmsg>;
/** The IFA_* attributes of an address message. */
export type AddrAttrs = ValueOf<typeof addrAttrs>;
/**
 * struct ifa_cacheinfo (IFA_CACHEINFO): preferred and valid lifetimes in seconds, created and
 * updated timestamps in hundredths of a second.
 */
export type AddrCacheinfo = ValueOf<typeof ifaCacheinfo>;
/** An address message body: ifaddrmsg header and IFA_* attributes. */
export type AddrMessage = MessageBody<AddrHeader, AddrAttrs>;

/** Body codec of RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR. */
export const addrMessage = message(ifaddrmsg, addrAttrs);

/** All IFA_F_* flags of an address: IFA_FLAGS when present (it has all 32 bits), else ifa_flags. */
export function addrFlags(body: AddrMessage): AddrHeader['flags'] {
  return body.attrs.flags ?? body.header.flags;
}

/** The message types of this part of rtnetlink, for registering in a Family: [type, name, op, body codec]. */
export const ADDR_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWADDR, 'RTM_NEWADDR', 'new', addrMessage],
  [RTM_DELADDR, 'RTM_DELADDR', 'del', addrMessage],
  [RTM_GETADDR, 'RTM_GETADDR', 'get', addrMessage],
];
