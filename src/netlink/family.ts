/**
 * A netlink family's message registry: which message types exist, their names, what kind of
 * operation each is (so flags print right), and the codec of their body. src/rtnl registers
 * NETLINK_ROUTE's; `decode()` dispatches through it.
 */
import type { Codec } from './codec.js';
import type { FlagContext } from './constants.js';

export interface MessageType {
  readonly type: number;
  /** Kernel name, e.g. 'RTM_NEWLINK'. */
  readonly name: string;
  /** How to read NLM_F_* high bits for this type. */
  readonly op: FlagContext;
  /** Body codec (fixed header + attributes). */
  readonly body: Codec<any>;
}

export class Family {
  readonly messages = new Map<number, MessageType>();
  readonly byName = new Map<string, MessageType>();
  constructor(readonly protocol: number, readonly name: string) {}

  define(type: number, name: string, op: FlagContext, body: Codec<any>): MessageType {
    const m: MessageType = { type, name, op, body };
    this.messages.set(type, m);
    this.byName.set(name, m);
    return m;
  }

  get(type: number): MessageType | undefined {
    return this.messages.get(type);
  }
}

const families = new Map<number, Family>();

/** Register a family so that `decode()` and error paths can find it by protocol number. */
export function registerFamily(family: Family): Family {
  families.set(family.protocol, family);
  return family;
}

export function familyFor(protocol: number): Family | undefined {
  return families.get(protocol);
}
