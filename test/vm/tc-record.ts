/**
 * The VM lane's traffic-control tests print through pure-tc, which opens its own socket: the
 * kernel's answers it reads are not recorded for the coverage table. This walks the same state
 * through a KernelNs session (whose answers test/support/kernel.ts records): every qdisc, every
 * class of every link, the filters under every qdisc and class (and clsact's ingress/egress), the
 * filter chains, and the standalone actions of the given kinds.
 */
import { NLM_F_DUMP, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { RTM_GETACTION, RTM_GETCHAIN, RTM_GETQDISC, RTM_GETTCLASS, RTM_GETTFILTER } from '../../src/rtnl/constants.js';
import { linkDump, type TcMessage } from '../../src/rtnl/index.js';
import type { KernelNs } from '../support/kernel.js';

/** TC_H_CLSACT's minor handles (linux/pkt_sched.h): TC_H_MIN_INGRESS 0xfff2, TC_H_MIN_EGRESS 0xfff3. */
const CLSACT_INGRESS = 0xfffffff2;
const CLSACT_EGRESS = 0xfffffff3;
/** TCA_ACT_FLAG_LARGE_DUMP_ON (linux/rtnetlink.h), as `tc actions ls` asks. */
const TCA_ACT_FLAG_LARGE_DUMP_ON = 1;
/** TCA_ACT_FLAG_TERSE_DUMP: kind, index and statistics only (`tc -br actions ls`): TCA_ACT_INDEX appears only in these. */
const TCA_ACT_FLAG_TERSE_DUMP = 2;

const tcDump = (k: KernelNs, type: number, ifindex: number, parent = 0) =>
  k.dump<TcMessage>({ request: { type, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family: 0, ifindex, handle: 0, parent, info: 0 }, attrs: {} } } });

/** Dump everything traffic control holds in the namespace; returns how many messages came back. */
export async function recordTc(k: KernelNs, actionKinds: string[] = []): Promise<number> {
  let n = 0;
  const qdiscs = await tcDump(k, RTM_GETQDISC, 0);
  n += qdiscs.length;
  for (const link of await k.dump(linkDump())) {
    const ifindex = link.header.index;
    const classes = await tcDump(k, RTM_GETTCLASS, ifindex);
    n += classes.length;
    const parents = new Set<number>();
    for (const q of qdiscs) {
      if (q.header.ifindex !== ifindex) continue;
      if (q.attrs.kind === 'clsact' || q.attrs.kind === 'ingress') parents.add(CLSACT_INGRESS).add(CLSACT_EGRESS);
      else parents.add(q.header.handle >>> 0);
    }
    for (const c of classes) parents.add(c.header.handle >>> 0);
    for (const parent of parents) {
      n += (await tcDump(k, RTM_GETTFILTER, ifindex, parent)).length;
      n += (await tcDump(k, RTM_GETCHAIN, ifindex, parent)).length;
    }
  }
  for (const kind of actionKinds) {
    for (const flags of [TCA_ACT_FLAG_LARGE_DUMP_ON, TCA_ACT_FLAG_LARGE_DUMP_ON | TCA_ACT_FLAG_TERSE_DUMP]) {
      const reply = await k.dump({
        request: { type: RTM_GETACTION, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family: 0 }, attrs: { tab: [{ kind }], flags: { value: flags, selector: flags } } } },
      });
      n += reply.length;
    }
  }
  return n;
}
