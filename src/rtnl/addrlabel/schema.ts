/**
 * IPv6 address labels (RFC 6724 policy table): struct ifaddrlblmsg + IFAL_*
 * (RTM_NEWADDRLABEL / RTM_DELADDRLABEL / RTM_GETADDRLABEL). Facts from linux/if_addrlabel.h.
 */
import type { ValueOf } from '../../netlink/codec.js';
import type { MessageBody } from '../../netlink/schema.js';
import type { MessageTypeSpec } from '../route/types.js';
import { attrs, message, struct } from '../../netlink/schema.js';
import { address, u32, u8 } from '../../netlink/types.js';
import { RTM_DELADDRLABEL, RTM_GETADDRLABEL, RTM_NEWADDRLABEL } from '../constants.js';

/** struct ifaddrlblmsg; `seq` is the table's generation, which a deletion may send back. */
export const ifaddrlblmsg = struct(
  'ifaddrlblmsg',
  [
    ['family', u8],
    ['_reserved', u8],
    ['prefixlen', u8],
    ['flags', u8],
    ['index', u32],
    ['seq', u32],
  ] as const,
  { familyField: 'family' },
);

/** IFAL_*, in the order iproute2 sends them (the label first). */
export const addrlabelAttrs = attrs('IFAL_', {
  label: [2, 'LABEL', u32],
  address: [1, 'ADDRESS', address],
});

/** struct ifaddrlblmsg, the fixed header of the address label messages. */
export type AddrlabelHeader = ValueOf<typeof ifaddrlblmsg>;
/** The IFAL_* attributes of an address label message. */
export type AddrlabelAttrs = ValueOf<typeof addrlabelAttrs>;
/** An address label message body: ifaddrlblmsg header and IFAL_* attributes. */
export type AddrlabelMessage = MessageBody<AddrlabelHeader, AddrlabelAttrs>;

/** Body codec of RTM_NEWADDRLABEL / RTM_DELADDRLABEL / RTM_GETADDRLABEL. */
export const addrlabelMessage = message(ifaddrlblmsg, addrlabelAttrs);

/** The message types of this part of rtnetlink, for registering in a Family: [type, name, op, body codec]. */
export const ADDRLABEL_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWADDRLABEL, 'RTM_NEWADDRLABEL', 'new', addrlabelMessage],
  [RTM_DELADDRLABEL, 'RTM_DELADDRLABEL', 'del', addrlabelMessage],
  [RTM_GETADDRLABEL, 'RTM_GETADDRLABEL', 'get', addrlabelMessage],
];
