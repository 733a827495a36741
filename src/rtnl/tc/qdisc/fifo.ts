/** pfifo / bfifo / pfifo_head_drop: TCA_OPTIONS is a bare struct tc_fifo_qopt. */
import { struct } from '../../../netlink/schema.js';
import { u32 } from '../../../netlink/types.js';
import { tcKinds } from '../schema.js';

/** struct tc_fifo_qopt: packets for pfifo, bytes for bfifo */
export const tcFifoQopt = struct('tc_fifo_qopt', [['limit', u32]] as const);
for (const kind of ['pfifo', 'bfifo', 'pfifo_head_drop'] as const) tcKinds.register(kind, tcFifoQopt);

declare module '../schema.js' {
  interface TcKindCodecs {
    pfifo: typeof tcFifoQopt;
    bfifo: typeof tcFifoQopt;
    pfifo_head_drop: typeof tcFifoQopt;
  }
}
