/**
 * A netlink family as a value: its protocol number, its message types (name, flag context, body
 * codec) and the fixed header its messages carry after the nlmsghdr. Sessions, `decode()`,
 * `encode()`, replays and the inspector take the family they speak; nothing in the core looks a
 * family up by protocol, so several families (rtnetlink, generic netlink families resolved at
 * run time, xfrm...) live side by side. src/rtnl defines `rtnetlink`.
 *
 * Message types may be defined at any time: generic netlink learns a family's nlmsg_type from
 * CTRL_CMD_GETFAMILY and then calls `define(id, ...)` on the Family its session already holds.
 */
import type { Codec } from './codec.js';
import type { FlagContext } from './constants.js';
import type { StructCodec } from './schema.js';

/** One message type of a family: its number, kernel name, operation and body codec. */
export interface MessageType<B = unknown> {
  readonly type: number;
  /** Kernel name, e.g. 'RTM_NEWLINK'. */
  readonly name: string;
  /** How to read NLM_F_* high bits for this type. */
  readonly op: FlagContext;
  /** Body codec (the family's fixed header + attributes). */
  readonly body: Codec<B>;
}

/** Options of `new Family()`. */
export interface FamilyOptions {
  /**
   * The fixed header every message of the family starts with after the nlmsghdr, when it is the
   * same for all (genlmsghdr for NETLINK_GENERIC). rtnetlink's headers differ per message type
   * (ifinfomsg, rtmsg...), so there each body codec carries its own.
   */
  header?: StructCodec<Record<string, unknown>>;
}

/**
 * A netlink family as a value: its protocol number, name and message types (`family.define(type,
 * name, op, body)`). Everything that decodes takes one (docs/decisions.md, "A family is a value").
 */
export class Family {
  readonly messages = new Map<number, MessageType>();
  readonly byName = new Map<string, MessageType>();
  readonly header: StructCodec<Record<string, unknown>> | undefined;
  constructor(
    /** Netlink protocol the family's sockets are opened with (NETLINK_ROUTE, NETLINK_GENERIC...). */
    readonly protocol: number,
    readonly name: string,
    options: FamilyOptions = {},
  ) {
    this.header = options.header;
  }

  /** Defines (or redefines) a message type; returns its entry. */
  define<B>(type: number, name: string, op: FlagContext, body: Codec<B>): MessageType<B> {
    const m: MessageType<B> = { type, name, op, body };
    this.messages.set(type, m as MessageType);
    this.byName.set(name, m as MessageType);
    return m;
  }

  /** The message type with this number, if the family defines it. */
  get(type: number): MessageType | undefined {
    return this.messages.get(type);
  }
}
