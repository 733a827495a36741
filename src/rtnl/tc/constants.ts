/**
 * Traffic-control constants (the RTM_* message numbers live in ../constants.ts): handles (TC_H_*), verdicts (TC_ACT_*), link layers.
 * Facts from linux/rtnetlink.h, pkt_sched.h and pkt_cls.h.
 */
import { defineEnum } from '../../netlink/enums.js';


/** Handles: 16-bit major (the qdisc) and 16-bit minor (the class). */
export const TC_H_UNSPEC = 0;
export const TC_H_ROOT = 0xffffffff;
/** The ingress / clsact qdisc's parent (TC_H_INGRESS == TC_H_CLSACT). */
export const TC_H_INGRESS = 0xfffffff1;
export const TC_H_CLSACT = TC_H_INGRESS;
export const TC_H_MIN_INGRESS = 0xfff2;
export const TC_H_MIN_EGRESS = 0xfff3;
export const TC_H_MAJ = (h: number): number => (h & 0xffff0000) >>> 0;
export const TC_H_MIN = (h: number): number => h & 0xffff;
export const TC_H_MAKE = (maj: number, min: number): number => ((maj & 0xffff0000) | (min & 0xffff)) >>> 0;

/** enum tc_link_layer (the low 4 bits of tc_ratespec.linklayer). */
export const TC_LINKLAYER_UNAWARE = 0;
export const TC_LINKLAYER_ETHERNET = 1;
export const TC_LINKLAYER_ATM = 2;
export const TC_LINKLAYER_MASK = 0x0f;

/** Action verdicts (TC_ACT_*); the top 4 bits carry the jump / goto-chain opcodes. */
export const TC_ACT_UNSPEC = -1;
export const TC_ACT_OK = 0;
export const TC_ACT_RECLASSIFY = 1;
export const TC_ACT_SHOT = 2;
export const TC_ACT_PIPE = 3;
export const TC_ACT_STOLEN = 4;
export const TC_ACT_QUEUED = 5;
export const TC_ACT_REPEAT = 6;
export const TC_ACT_REDIRECT = 7;
export const TC_ACT_TRAP = 8;
export const TC_ACT_EXT_SHIFT = 28;
export const TC_ACT_EXT_VAL_MASK = (1 << TC_ACT_EXT_SHIFT) - 1;
export const TC_ACT_JUMP = 1 << TC_ACT_EXT_SHIFT;
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
