/** pure-tc's pfifo, bfifo, pfifo_head_drop (iproute2 tc/q_fifo.c). */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, type Printer } from '../../format/printer.js';
import type { Args } from '../../args.js';
import { parseSize } from '../../../rtnl/tc/units.js';
import { printSize, type TcKindCli } from '../util.js';

const EXPLAIN = 'Usage: ... <[p|b]fifo | pfifo_head_drop> [ limit NUMBER ]\n';

export const fifoCli: TcKindCli<'pfifo' | 'bfifo' | 'pfifo_head_drop'> = {
  parseQdisc(args: Args, kind: string) {
    let limit: number | undefined;
    for (; args.more; args.shift()) {
      const a = args.cur;
      if (a === 'limit') {
        const v = args.next();
        limit = parseSize(v);
        if (limit === undefined) throw new CommandFailed(1, `${kind}: Illegal value for "limit": "${v}"\n`);
      } else if (a === 'help') throw new CommandFailed(1, EXPLAIN);
      else throw new CommandFailed(1, `${kind}: unknown parameter "${a}"\n${EXPLAIN}`);
    }
    return limit === undefined ? undefined : { limit };
  },
  print(p: Printer, opt, _o, kind: string) {
    if (!opt || typeof opt.limit !== 'number') return;
    if (kind === 'bfifo') printSize(p, PRINT_ANY, 'limit', 'limit %s', opt.limit);
    else p.uint(PRINT_ANY, 'limit', 'limit %up', opt.limit);
  },
};
