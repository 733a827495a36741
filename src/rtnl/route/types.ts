/** Shared type of the message tables the rtnl parts export (for Family.define). */
import type { Codec } from '../../netlink/codec.js';
import type { FlagContext } from '../../netlink/constants.js';

/** [nlmsg_type, kernel name, how NLM_F_* high bits read, body codec] */
export type MessageTypeSpec = readonly [type: number, name: string, op: FlagContext, body: Codec<unknown>];
