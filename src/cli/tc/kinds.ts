/** The qdisc/class kinds pure-tc knows (tc's get_qdisc_kind); others print as "Unknown qdisc". */
import { fifoCli } from './kinds/fifo.js';
import { htbCli } from './kinds/htb.js';
import { clsactCli, ingressCli } from './kinds/ingress.js';
import { tbfCli } from './kinds/tbf.js';
import { netemCli } from './kinds/netem.js';
import { fqCodelCli } from './kinds/fq-codel.js';
import { prioCli } from './kinds/prio.js';
import { sfqCli } from './kinds/sfq.js';
import { fqCli } from './kinds/fq.js';
import type { TcKindCli } from './util.js';

const KINDS: Record<string, TcKindCli> = {
  htb: htbCli,
  tbf: tbfCli,
  pfifo: fifoCli,
  bfifo: fifoCli,
  pfifo_head_drop: fifoCli,
  ingress: ingressCli,
  clsact: clsactCli,
  netem: netemCli,
  fq_codel: fqCodelCli,
  prio: prioCli,
  sfq: sfqCli,
  fq: fqCli,
};

export function qdiscKind(kind: string): TcKindCli | undefined {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
}
