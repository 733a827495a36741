/**
 * Network namespace ids: struct rtgenmsg + NETNSA_* (RTM_NEWNSID / RTM_DELNSID / RTM_GETNSID).
 * Facts from linux/net_namespace.h.
 */
import type { ValueOf } from '../../netlink/codec.js';
import type { MessageBody } from '../../netlink/schema.js';
import { RTM_NEWNSID, RTM_DELNSID, RTM_GETNSID } from '../constants.js';
import type { MessageTypeSpec } from '../route/types.js';
import { attrs, message, struct } from '../../netlink/schema.js';
import { pad, s32, u32, u8 } from '../../netlink/types.js';

/**
 * struct rtgenmsg is one byte, but every sender (kernel and iproute2) aligns the attributes that
 * follow to 4, and iproute2's dump request is 20 bytes long: the 3 alignment bytes are modelled
 * as padding so that a message without attributes keeps its length. One-byte bodies decode too.
 */
export const rtgenmsg = struct('rtgenmsg', [['family', u8], ['_pad', pad(3)]] as const, { minSize: 1, familyField: 'family' });

/** NETNSA_*; listed in the order iproute2 emits them. */
export const nsidAttrs = attrs('NETNSA_', {
  fd: [3, 'FD', u32],
  pid: [2, 'PID', u32],
  nsid: [1, 'NSID', s32],
  targetNsid: [4, 'TARGET_NSID', s32],
  currentNsid: [5, 'CURRENT_NSID', s32],
});

/** struct rtgenmsg, the fixed header of the nsid messages (RTM_*NSID). */
export type NsidHeader = ValueOf<typeof rtgenmsg>;
/**
 * The NETNSA_* attributes of an nsid message (the id, and the namespace by fd, pid or target
 * nsid).
 */
export type NsidAttrs = ValueOf<typeof nsidAttrs>;
/** An nsid message body: rtgenmsg header and NETNSA_* attributes. */
export type NsidMessage = MessageBody<NsidHeader, NsidAttrs>;

/** Body codec of RTM_NEWNSID / RTM_DELNSID / RTM_GETNSID. */
export const nsidMessage = message(rtgenmsg, nsidAttrs);

/** The message types of this part of rtnetlink, for registering in a Family: [type, name, op, body codec]. */
export const NSID_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWNSID, 'RTM_NEWNSID', 'new', nsidMessage],
  [RTM_DELNSID, 'RTM_DELNSID', 'del', nsidMessage],
  [RTM_GETNSID, 'RTM_GETNSID', 'get', nsidMessage],
];
