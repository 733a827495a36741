/** pure-tc's ingress and clsact (iproute2 tc/q_ingress.c, q_clsact.c): no options. */
import { CommandFailed } from '../../errors.js';
import { PRINT_FP, type Printer } from '../../format/printer.js';
import type { Args } from '../../args.js';
import type { TcKindCli } from '../util.js';

export const ingressCli: TcKindCli = {
  parseQdisc(args: Args) {
    while (args.more) {
      if (args.cur === 'handle') {
        args.next();
        args.shift();
      } else throw new CommandFailed(1, `What is "${args.cur}"?\nUsage: ... ingress\n`);
    }
    return undefined;
  },
  print(p: Printer) {
    p.string(PRINT_FP, null, '---------------- ', null);
  },
};

export const clsactCli: TcKindCli = {
  parseQdisc(args: Args) {
    if (args.more) throw new CommandFailed(1, `What is "${args.cur}"?\nUsage: ... clsact\n`);
    return undefined;
  },
  print() {},
};
