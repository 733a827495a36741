/**
 * pure-tc's sfq (iproute2 tc/q_sfq.c): quantum, perturb, limit, divisor, flows, depth, headdrop
 * (sent as struct tc_sfq_qopt_v1, as tc sends it); the RED options (redflowlimit, min, max, burst,
 * avpkt, probability, ecn, harddrop) are refused by name, not parsed yet. The printer prints all.
 */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, type Printer } from '../../format/printer.js';
import type { Args } from '../../args.js';
import { parseSize } from '../../../rtnl/tc/units.js';
import { printSize, type TcKindCli, type TcOptions } from '../util.js';
import { strtolBase0 } from '../filters/matchall.js';

const EXPLAIN = `Usage: ... sfq	[ limit NUMBER ] [ perturb SECS ] [ quantum BYTES ]
		[ divisor NUMBER ] [ flows NUMBER] [ depth NUMBER ]
		[ headdrop ]
		[ redflowlimit BYTES ] [ min BYTES ] [ max BYTES ]
		[ avpkt BYTES ] [ burst PACKETS ] [ probability P ]
		[ ecn ] [ harddrop ]
`;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};
const RED = ['redflowlimit', 'min', 'max', 'burst', 'avpkt', 'probability', 'ecn', 'harddrop'];

export const sfqCli: TcKindCli<'sfq'> = {
  parseQdisc(args: Args) {
    const o = {
      quantum: 0, perturbPeriod: 0, limit: 0, divisor: 0, flows: 0, depth: 0, headdrop: 0, redLimit: 0, qthMin: 0, qthMax: 0,
      wlog: 0, plog: 0, scellLog: 0, flags: 0, maxP: 0, probDrop: 0, forcedDrop: 0, probMark: 0, forcedMark: 0, probMarkHead: 0, forcedMarkHead: 0,
    };
    let ok = 0;
    const u32 = (w: string, msg: string) => {
      const v = strtolBase0(w);
      return v !== undefined && v >= 0 && v <= 0xffffffff && /^(0x[0-9a-f]+|\d+)$/i.test(w) ? v : fail(msg);
    };
    for (; args.more; args.shift()) {
      const a = args.cur;
      if (a === 'quantum') o.quantum = parseSize(args.next()) ?? fail('Illegal "limit"\n');
      else if (a === 'perturb') {
        const w = args.next();
        const v = strtolBase0(w);
        if (v === undefined || !/^[+-]?(0x[0-9a-f]+|\d+)$/i.test(w) || Math.abs(v) > 0x7fffffff) fail('Illegal "perturb"\n');
        o.perturbPeriod = v!;
      } else if (a === 'limit') {
        o.limit = u32(args.next(), 'Illegal "limit"\n');
        if (o.limit < 2) fail('Illegal "limit", must be > 1\n');
      } else if (a === 'divisor') o.divisor = u32(args.next(), 'Illegal "divisor"\n');
      else if (a === 'flows') o.flows = u32(args.next(), 'Illegal "flows"\n');
      else if (a === 'depth') o.depth = u32(args.next(), 'Illegal "flows"\n');
      else if (a === 'headdrop') o.headdrop = 1;
      else if (RED.includes(a)) fail(`pure-tc: sfq's RED option "${a}" is not supported yet\n`);
      else if (a === 'help') fail(EXPLAIN);
      else fail(`What is "${a}"?\n${EXPLAIN}`);
      ok++;
    }
    return ok ? o : undefined;
  },
  print(p: Printer, q, o: TcOptions) {
    p.uint(PRINT_ANY, 'limit', 'limit %up ', q.limit);
    printSize(p, PRINT_ANY, 'quantum', 'quantum %s ', q.quantum);
    // tc_sfq_qopt_v1 fields are there when the kernel sent the long struct (it always does)
    if (q.depth) p.uint(PRINT_ANY, 'depth', 'depth %u ', q.depth);
    if (q.headdrop) p.bool(PRINT_ANY, 'headdrop', 'headdrop ', true);
    if (o.details) p.uint(PRINT_ANY, 'flows', 'flows %u ', q.flows);
    p.uint(PRINT_ANY, 'divisor', 'divisor %u ', q.divisor);
    if (q.perturbPeriod) p.int(PRINT_ANY, 'perturb', 'perturb %dsec ', q.perturbPeriod);
    if (q.qthMin) p.string(PRINT_ANY, null, '%s', '[pure-tc does not print sfq RED parameters yet] ');
  },
};
