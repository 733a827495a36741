/** prio and pfifo_fast: struct tc_prio_qopt, optionally followed by nested TCA_PRIO_* (nla_parse_nested_compat). */
import { attrs, message, struct } from '../../../netlink/schema.js';
import { bytesOf, flag, s32 } from '../../../netlink/types.js';
import { tcKinds } from '../schema.js';

/** struct tc_prio_qopt */
export const tcPrioQopt = struct('tc_prio_qopt', [
  ['bands', s32],
  /** logical priority (0..15) -> band */
  ['priomap', bytesOf(16)],
] as const);
/** TCA_PRIO_*: the TCA_OPTIONS of the prio qdisc: strict priority bands. */
export const prioAttrs = attrs('TCA_PRIO_', {
  mq: [1, 'MQ', flag],
});
/** `{ header: tc_prio_qopt, attrs: TCA_PRIO_* }` */
export const prioMessage = message(tcPrioQopt, prioAttrs);
tcKinds.register('prio', prioMessage);
tcKinds.register('pfifo_fast', prioMessage);

declare module '../schema.js' {
  interface TcKindCodecs {
    prio: typeof prioMessage;
    pfifo_fast: typeof prioMessage;
  }
}
