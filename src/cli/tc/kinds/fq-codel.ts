/** pure-tc's fq_codel (iproute2 tc/q_fq_codel.c). */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import type { Args } from '../../args.js';
import { parseSize, parseTime } from '../../../rtnl/tc/units.js';
import { printSize, sprintTime, type TcKindCli, xstatsOf } from '../util.js';

const EXPLAIN = `Usage: ... fq_codel	[ limit PACKETS ] [ flows NUMBER ]
[ memory_limit BYTES ]
[ target TIME ] [ interval TIME ]
[ quantum BYTES ] [ [no]ecn ]
[ ce_threshold TIME ]
[ ce_threshold_selector VALUE/MASK ]
[ drop_batch SIZE ]
`;
const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};
/** get_unsigned / get_u8 with base 0 (decimal, 0x hex, 0 octal). */
export function cUnsigned(s: string, max: number): number | undefined {
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(s)) v = parseInt(s, 16);
  else if (/^0[0-7]*$/.test(s)) v = parseInt(s, 8);
  else if (/^[1-9][0-9]*$/.test(s)) v = Number(s);
  else return undefined;
  return v <= max ? v : undefined;
}

export const fqCodelCli: TcKindCli<'fq_codel'> = {
  parseQdisc(args: Args) {
    // The same "0 / ~0 means not given" sentinels tc uses, so that the same attributes go out.
    let limit = 0, flows = 0, target = 0, interval = 0, quantum = 0, dropBatch = 0;
    let ceThreshold = 0xffffffff, memory = 0xffffffff, ceMask = 0, ceSelector = 0xff, ecn = -1;
    for (; args.more; args.shift()) {
      const a = args.cur;
      const num = (what: string) => cUnsigned(args.next(), 0xffffffff) ?? fail(`Illegal "${what}"\n`);
      const time = (what: string) => parseTime(args.next()) ?? fail(`Illegal "${what}"\n`);
      if (a === 'limit') limit = num('limit');
      else if (a === 'flows') flows = num('flows');
      else if (a === 'quantum') quantum = num('quantum');
      else if (a === 'drop_batch') dropBatch = num('drop_batch');
      else if (a === 'target') target = time('target');
      else if (a === 'ce_threshold') ceThreshold = time('ce_threshold');
      else if (a === 'ce_threshold_selector') {
        const v = args.next();
        const i = v.indexOf('/');
        if (i < 0) fail('Missing mask for "ce_threshold_selector"\n');
        ceMask = cUnsigned(v.slice(i + 1), 0xff) ?? fail('Illegal mask for "ce_threshold_selector"\n');
        ceSelector = cUnsigned(v.slice(0, i), 0xff) ?? fail('Illegal "ce_threshold_selector"\n');
      } else if (a === 'memory_limit') memory = parseSize(args.next()) ?? fail('Illegal "memory_limit"\n');
      else if (a === 'interval') interval = time('interval');
      else if (a === 'ecn') ecn = 1;
      else if (a === 'noecn') ecn = 0;
      else if (a === 'help') fail(EXPLAIN);
      else fail(`What is "${a}"?\n${EXPLAIN}`);
    }
    const o: Record<string, number> = {};
    if (limit) o.limit = limit;
    if (flows) o.flows = flows;
    if (quantum) o.quantum = quantum;
    if (interval) o.interval = interval;
    if (target) o.target = target;
    if (ecn !== -1) o.ecn = ecn;
    if (ceThreshold !== 0xffffffff) o.ceThreshold = ceThreshold;
    if (ceSelector !== 0xff) {
      o.ceThresholdMask = ceMask;
      o.ceThresholdSelector = ceSelector;
    }
    if (memory !== 0xffffffff) o.memoryLimit = memory;
    if (dropBatch) o.dropBatchSize = dropBatch;
    return o;
  },
  print(p: Printer, o) {
    if (!o || typeof o !== 'object') return;
    if (o.limit !== undefined) p.uint(PRINT_ANY, 'limit', 'limit %up ', o.limit);
    if (o.flows !== undefined) p.uint(PRINT_ANY, 'flows', 'flows %u ', o.flows);
    if (o.quantum !== undefined) p.uint(PRINT_ANY, 'quantum', 'quantum %u ', o.quantum);
    if (o.target !== undefined) {
      p.uint(PRINT_JSON, 'target', null, o.target);
      p.string(PRINT_FP, null, 'target %s ', sprintTime(o.target));
    }
    if (o.ceThreshold !== undefined) {
      p.uint(PRINT_JSON, 'ce_threshold', null, o.ceThreshold);
      p.string(PRINT_FP, null, 'ce_threshold %s ', sprintTime(o.ceThreshold));
    }
    const sel = o.ceThresholdSelector ?? 0;
    const mask = o.ceThresholdMask ?? 0;
    if (sel || mask) {
      p.hhu(PRINT_ANY, 'ce_threshold_selector', 'ce_threshold_selector %#x', sel);
      p.hhu(PRINT_ANY, 'ce_threshold_mask', '/%#x ', mask);
    }
    if (o.interval !== undefined) {
      p.uint(PRINT_JSON, 'interval', null, o.interval);
      p.string(PRINT_FP, null, 'interval %s ', sprintTime(o.interval));
    }
    if (o.memoryLimit !== undefined) printSize(p, PRINT_ANY, 'memory_limit', 'memory_limit %s ', o.memoryLimit);
    if (o.ecn) p.bool(PRINT_ANY, 'ecn', 'ecn ', true);
    if (o.dropBatchSize) p.uint(PRINT_ANY, 'drop_batch', 'drop_batch %u ', o.dropBatchSize);
  },
  printXstats(p: Printer, xstats) {
    const x = xstatsOf(xstats, 'fq_codel');
    if (!x) return;
    const w = (k: Exclude<keyof typeof x, 'unknown'>): number => x[k] ?? 0;
    if (w('type') === 0) {
      p.uint(PRINT_ANY, 'maxpacket', '  maxpacket %u', w('maxpacket'));
      p.uint(PRINT_ANY, 'drop_overlimit', ' drop_overlimit %u', w('dropOverlimit'));
      p.uint(PRINT_ANY, 'new_flow_count', ' new_flow_count %u', w('newFlowCount'));
      p.uint(PRINT_ANY, 'ecn_mark', ' ecn_mark %u', w('ecnMark'));
      if (w('ceMark')) p.uint(PRINT_ANY, 'ce_mark', ' ce_mark %u', w('ceMark'));
      if (w('memoryUsage')) p.uint(PRINT_ANY, 'memory_used', ' memory_used %u', w('memoryUsage'));
      if (w('dropOvermemory')) p.uint(PRINT_ANY, 'drop_overmemory', ' drop_overmemory %u', w('dropOvermemory'));
      p.nl();
      p.uint(PRINT_ANY, 'new_flows_len', '  new_flows_len %u', w('newFlowsLen'));
      p.uint(PRINT_ANY, 'old_flows_len', ' old_flows_len %u', w('oldFlowsLen'));
    } else if (w('type') === 1) {
      // tc_fq_codel_cl_stats over the same words: deficit, ldelay, count, lastcount, dropping, drop_next
      const deficit = w('maxpacket') | 0;
      const ldelay = w('dropOverlimit');
      p.int(PRINT_ANY, 'deficit', '  deficit %d', deficit);
      p.uint(PRINT_ANY, 'count', ' count %u', w('ecnMark'));
      p.uint(PRINT_ANY, 'lastcount', ' lastcount %u', w('newFlowCount'));
      p.uint(PRINT_JSON, 'ldelay', null, ldelay);
      p.string(PRINT_FP, null, ' ldelay %s', sprintTime(ldelay));
      if (w('newFlowsLen')) {
        const next = w('oldFlowsLen') | 0;
        p.bool(PRINT_ANY, 'dropping', ' dropping', true);
        p.int(PRINT_JSON, 'drop_next', null, next);
        p.string(PRINT_FP, null, next < 0 ? ' drop_next -%s' : ' drop_next %s', sprintTime(Math.abs(next)));
      }
    }
  },
};
