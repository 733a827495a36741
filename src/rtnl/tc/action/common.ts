/** What every action's parameters start with: the kernel's `tc_gen` macro. */
import { struct, type StructFields } from '../../../netlink/schema.js';
import { s32, u32 } from '../../../netlink/types.js';

/** A struct that starts with tc_gen (index, capab, action: the TC_ACT_* verdict, refcnt, bindcnt) and goes on with `rest`. */
export function tcGenStruct<const F extends StructFields>(name: string, rest: F) {
  return struct(name, [
    ['index', u32],
    ['capab', u32],
    ['action', s32],
    ['refcnt', s32],
    ['bindcnt', s32],
    ...rest,
  ] as const);
}
