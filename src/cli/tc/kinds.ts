/** The qdisc/class kinds pure-tc knows (tc's get_qdisc_kind); others print as "Unknown qdisc". */
import { fifoCli } from './kinds/fifo.js';
import { htbCli } from './kinds/htb.js';
import { clsactCli, ingressCli } from './kinds/ingress.js';
import { tbfCli } from './kinds/tbf.js';
import type { TcKindCli } from './util.js';

const KINDS: Record<string, TcKindCli> = {
  htb: htbCli,
  tbf: tbfCli,
  pfifo: fifoCli,
  bfifo: fifoCli,
  pfifo_head_drop: fifoCli,
  ingress: ingressCli,
  clsact: clsactCli,
};

export function qdiscKind(kind: string): TcKindCli | undefined {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
}
