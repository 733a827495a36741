/**
 * Policy routing rules: struct fib_rule_hdr + FRA_* (RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE).
 * Facts from linux/fib_rules.h and the kernel's rt-rule.yaml.
 */
import type { ValueOf } from '../../netlink/codec.js';
import { enumOf, flagsOf } from '../../netlink/enums.js';
import type { MessageBody } from '../../netlink/schema.js';
import type { MessageTypeSpec } from '../route/types.js';
import { attrs, message, struct } from '../../netlink/schema.js';
import { address, be32, be64, binary, string, u16, u32, u8 } from '../../netlink/types.js';
import { FIB_RULE, FR_ACT, RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE, RTPROT } from '../constants.js';

/** struct fib_rule_hdr. `table` is the 8-bit table (0 when FRA_TABLE holds an id >= 256). */
export const fibRuleHdr = struct(
  'fib_rule_hdr',
  [
    ['family', u8],
    ['dstLen', u8],
    ['srcLen', u8],
    ['tos', u8],
    ['table', u8],
    ['_res1', u8],
    ['_res2', u8],
    ['action', enumOf(u8, FR_ACT)],
    ['flags', flagsOf(u32, FIB_RULE)],
  ] as const,
  { familyField: 'family' },
);

/** struct fib_rule_uid_range (FRA_UID_RANGE). */
export const fibRuleUidRange = struct('fib_rule_uid_range', [
  ['start', u32],
  ['end', u32],
] as const);

/** struct fib_rule_port_range (FRA_SPORT_RANGE / FRA_DPORT_RANGE), host order. */
export const fibRulePortRange = struct('fib_rule_port_range', [
  ['start', u16],
  ['end', u16],
] as const);

/** FRA_*; listed in the order iproute2 emits them for its usual argument order. */
export const ruleAttrs = attrs('FRA_', {
  src: [2, 'SRC', address],
  dst: [1, 'DST', address],
  priority: [6, 'PRIORITY', u32],
  fwmark: [10, 'FWMARK', u32],
  fwmask: [16, 'FWMASK', u32],
  flow: [11, 'FLOW', u32],
  table: [15, 'TABLE', u32],
  iifname: [3, 'IIFNAME', string()],
  oifname: [17, 'OIFNAME', string()],
  goto: [4, 'GOTO', u32],
  tunId: [12, 'TUN_ID', be64],
  suppressPrefixlen: [14, 'SUPPRESS_PREFIXLEN', u32],
  suppressIfgroup: [13, 'SUPPRESS_IFGROUP', u32],
  l3mdev: [19, 'L3MDEV', u8],
  uidRange: [20, 'UID_RANGE', fibRuleUidRange],
  protocol: [21, 'PROTOCOL', enumOf(u8, RTPROT)],
  ipProto: [22, 'IP_PROTO', u8],
  sportRange: [23, 'SPORT_RANGE', fibRulePortRange],
  dportRange: [24, 'DPORT_RANGE', fibRulePortRange],
  dscp: [25, 'DSCP', u8],
  flowlabel: [26, 'FLOWLABEL', be32],
  flowlabelMask: [27, 'FLOWLABEL_MASK', be32],
  sportMask: [28, 'SPORT_MASK', u16],
  dportMask: [29, 'DPORT_MASK', u16],
  dscpMask: [30, 'DSCP_MASK', u8],
  pad: [18, 'PAD', binary],
});

/** struct fib_rule_hdr, the fixed header of RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE. */
export type RuleHeader = ValueOf<typeof fibRuleHdr>;
/** The FRA_* attributes of a rule message. */
export type RuleAttrs = ValueOf<typeof ruleAttrs>;
/** A rule message body: fib_rule_hdr header and FRA_* attributes. */
export type RuleMessage = MessageBody<RuleHeader, RuleAttrs>;

/** Body codec of RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE. */
export const ruleMessage = message(fibRuleHdr, ruleAttrs);

/** The rule's table id: FRA_TABLE when present, else the header's. */
export function ruleTable(body: RuleMessage): number {
  return body.attrs.table ?? body.header.table;
}

/** The message types of this part of rtnetlink, for registering in a Family: [type, name, op, body codec]. */
export const RULE_MESSAGE_TYPES: readonly MessageTypeSpec[] = [
  [RTM_NEWRULE, 'RTM_NEWRULE', 'new', ruleMessage],
  [RTM_DELRULE, 'RTM_DELRULE', 'del', ruleMessage],
  [RTM_GETRULE, 'RTM_GETRULE', 'get', ruleMessage],
];
