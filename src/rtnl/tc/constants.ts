/**
 * Traffic-control constants (the RTM_* message numbers live in ../constants.ts): handles (TC_H_*), verdicts (TC_ACT_*), link layers.
 * Facts from linux/rtnetlink.h, pkt_sched.h and pkt_cls.h.
 */
import { defineEnum } from '../../netlink/enums.js';


/** Handles: 16-bit major (the qdisc) and 16-bit minor (the class). */
export const TC_H_UNSPEC = 0;
/**
 * `TC_H_ROOT` (0xffffffff): the parent of a device's root qdisc (`tc qdisc add dev X root ...`).
 */
export const TC_H_ROOT = 0xffffffff;
/** The ingress / clsact qdisc's parent (TC_H_INGRESS == TC_H_CLSACT). */
export const TC_H_INGRESS = 0xfffffff1;
/** `TC_H_CLSACT`: the clsact qdisc's parent, the same value as TC_H_INGRESS. */
export const TC_H_CLSACT = TC_H_INGRESS;
/**
 * `TC_H_MIN_INGRESS` (0xfff2): the minor of clsact's ingress hook (`tc filter add dev X ingress`).
 */
export const TC_H_MIN_INGRESS = 0xfff2;
/** `TC_H_MIN_EGRESS` (0xfff3): the minor of clsact's egress hook (`tc filter add dev X egress`). */
export const TC_H_MIN_EGRESS = 0xfff3;
/**
 * The major (qdisc) half of a handle, still shifted: `TC_H_MAJ(0x10002) === 0x10000` (1:2 → 1:).
 */
export const TC_H_MAJ = (h: number): number => (h & 0xffff0000) >>> 0;
/** The minor (class) half of a handle: `TC_H_MIN(0x10002) === 2`. */
export const TC_H_MIN = (h: number): number => h & 0xffff;
/**
 * A handle from a major (already shifted, as TC_H_MAJ returns it) and a minor: `TC_H_MAKE(0x10000,
 * 2)` is 1:2.
 */
export const TC_H_MAKE = (maj: number, min: number): number => ((maj & 0xffff0000) | (min & 0xffff)) >>> 0;

/** enum tc_link_layer (the low 4 bits of tc_ratespec.linklayer). */
export const TC_LINKLAYER_UNAWARE = 0;
/** `TC_LINKLAYER_ETHERNET`: rate tables count Ethernet frame sizes (the default). */
export const TC_LINKLAYER_ETHERNET = 1;
/**
 * `TC_LINKLAYER_ATM`: rate tables count ATM cells (53-byte cells carrying 48 bytes each;
 * `linklayer atm`).
 */
export const TC_LINKLAYER_ATM = 2;
/** `TC_LINKLAYER_MASK`: the bits of tc_ratespec.linklayer that hold the link layer. */
export const TC_LINKLAYER_MASK = 0x0f;

/** Action verdicts (TC_ACT_*); the top 4 bits carry the jump / goto-chain opcodes. */
export const TC_ACT_UNSPEC = -1;
/** `TC_ACT_OK` (0): accept the packet (`pass`; `ok` in filters). */
export const TC_ACT_OK = 0;
/** `TC_ACT_RECLASSIFY` (1): restart classification from the first filter (`reclassify`). */
export const TC_ACT_RECLASSIFY = 1;
/** `TC_ACT_SHOT` (2): drop the packet (`drop`). */
export const TC_ACT_SHOT = 2;
/** `TC_ACT_PIPE` (3): go on with the next action (`pipe`). */
export const TC_ACT_PIPE = 3;
/** `TC_ACT_STOLEN` (4): the action consumed the packet (`stolen`). */
export const TC_ACT_STOLEN = 4;
/** `TC_ACT_QUEUED` (5): the packet was queued for later (`queued`). */
export const TC_ACT_QUEUED = 5;
/** `TC_ACT_REPEAT` (6): run the same action again (`repeat`). */
export const TC_ACT_REPEAT = 6;
/** `TC_ACT_REDIRECT` (7): the packet was redirected (mirred, bpf_redirect). */
export const TC_ACT_REDIRECT = 7;
/** `TC_ACT_TRAP` (8): hand the packet to the CPU from hardware offload (`trap`). */
export const TC_ACT_TRAP = 8;
/**
 * `TC_ACT_EXT_SHIFT` (28): verdicts above it carry an opcode (jump, goto chain) in the top 4 bits.
 */
export const TC_ACT_EXT_SHIFT = 28;
/**
 * `TC_ACT_EXT_VAL_MASK`: the opcode's argument (the jump count or the chain index) below
 * TC_ACT_EXT_SHIFT.
 */
export const TC_ACT_EXT_VAL_MASK = (1 << TC_ACT_EXT_SHIFT) - 1;
/** `TC_ACT_JUMP`: skip the next N actions (`jump N`, N in the low bits). */
export const TC_ACT_JUMP = 1 << TC_ACT_EXT_SHIFT;
/** `TC_ACT_GOTO_CHAIN`: continue in filter chain N (`goto chain N`, N in the low bits). */
export const TC_ACT_GOTO_CHAIN = 2 << TC_ACT_EXT_SHIFT;

/** TCA_CLS_FLAGS_* (filter flags: skip_hw, skip_sw, in_hw...). */
export const TCA_CLS_FLAGS = defineEnum('TCA_CLS_FLAGS_', {
  skip_hw: 1,
  skip_sw: 2,
  in_hw: 4,
  not_in_hw: 8,
  verbose: 16,
});

/** TCA_DUMP_FLAGS_TERSE: a filter/action dump without the per-action details. */
export const TCA_DUMP_FLAGS_TERSE = 1;
/** TCA_ACT_FLAG_LARGE_DUMP_ON (TCA_ROOT_FLAGS of an action dump). */
export const TCA_ACT_FLAG_LARGE_DUMP_ON = 1;
/** Most actions per RTM_*ACTION message / per filter (TCA_ACT_MAX_PRIO). */
export const TCA_ACT_MAX_PRIO = 32;
