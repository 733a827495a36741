/**
 * NETLINK_GENERIC's message registry. A generic netlink family's nlmsg_type is an id the kernel
 * assigns when the family registers (only nlctrl's is fixed: GENL_ID_CTRL = 0x10), so the
 * registry is filled at run time: a handle registers each family as nlctrl resolves it, and
 * `pure-ip decode` registers those a capture's nlctrl answers name.
 */
import { NETLINK_GENERIC } from '../netlink/constants.js';
import { Family } from '../netlink/family.js';
import { nlctrl } from './generated/nlctrl.js';
import type { GenlFamily } from './spec.js';

/** linux/genetlink.h GENL_ID_CTRL: nlctrl's fixed family id. */
export const GENL_ID_CTRL = 0x10;

/**
 * The generic netlink Family of one session: message types are the families' run-time ids (from
 * CTRL_CMD_GETFAMILY), added with `add(family, id)`; nlctrl is always there (GENL_ID_CTRL).
 */
export class GenlRegistry extends Family {
  readonly #byName = new Map<string, { id: number; family: GenlFamily<unknown, unknown> }>();

  constructor() {
    super(NETLINK_GENERIC, 'generic');
    this.add(nlctrl, GENL_ID_CTRL);
  }

  /** Route messages of type `id` to `family` (the id nlctrl reported for it). */
  add(family: GenlFamily<unknown, unknown>, id: number): void {
    const previous = this.#byName.get(family.name);
    if (previous && previous.id !== id) this.messages.delete(previous.id);
    // Generic netlink requests and replies both read NLM_F_DUMP / NLM_F_ROOT as a GET's bits.
    this.define(id, family.name, 'get', family.body);
    this.#byName.set(family.name, { id, family });
  }

  /** The id registered for a family name, if any. */
  idOf(name: string): number | undefined {
    return this.#byName.get(name)?.id;
  }

  /** The family registered under `id`. */
  familyOf(id: number): GenlFamily<unknown, unknown> | undefined {
    const m = this.get(id);
    return m ? this.#byName.get(m.name)?.family : undefined;
  }
}
