/**
 * pure-tc's fq (iproute2 tc/q_fq.c): limit, flow_limit, buckets, quantum, initial_quantum,
 * [no]pacing, maxrate, low_rate_threshold, defrate, refill_delay, orphan_mask, ce_threshold,
 * timer_slack, horizon, horizon_drop / horizon_cap (attributes in tc's order); rates given as a
 * percentage of the link speed (`maxrate 10%`) are refused, not supported yet. Printer and
 * extended statistics as fq_print_opt / fq_print_xstats.
 */
import { CommandFailed } from '../../errors.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import { sprintf } from '../../format/printf.js';
import type { Args } from '../../args.js';
import { parseRate, parseTime } from '../../../rtnl/tc/units.js';
import { printSize, sprintTime, type TcKindCli, type TcOptions, xstatsOf } from '../util.js';
import { strtolBase0 } from '../filters/matchall.js';

const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};
const EXPLAIN = `Usage: ... fq	[ limit PACKETS ] [ flow_limit PACKETS ]
			[ quantum BYTES ] [ initial_quantum BYTES ]
			[ maxrate RATE ] [ buckets NUMBER ]
			[ [no]pacing ] [ refill_delay TIME ]
			[ low_rate_threshold RATE ]
			[ orphan_mask MASK]
			[ timer_slack TIME]
			[ ce_threshold TIME ]
			[ horizon TIME ]
			[ horizon_{cap|drop} ]
`;

/** sprint_time64 (nanoseconds): 10us, 1.5ms. */
function sprintTime64(ns: number): string {
  if (ns >= 1e9) return sprintf('%.3gs', ns / 1e9);
  if (ns >= 1e6) return sprintf('%.3gms', ns / 1e6);
  if (ns >= 1e3) return sprintf('%.3gus', ns / 1e3);
  return `${ns}ns`;
}

export const fqCli: TcKindCli<'fq'> = {
  parseQdisc(args: Args) {
    const v: Record<string, number> = {};
    let buckets = 0;
    let pacing = -1;
    let horizonDrop = 255;
    const unsigned = (w: string, name: string) => {
      const n = strtolBase0(w);
      return n !== undefined && n >= 0 && n <= 0xffffffff && /^(0x[0-9a-f]+|\d+)$/i.test(w) ? n : fail(`Illegal "${name}"\n`);
    };
    const rate = (w: string, name: string) => {
      if (w.includes('%')) fail(`pure-tc: "${name}" as a percentage of the link speed is not supported yet\n`);
      const r = parseRate(w);
      return r === undefined || r > 0xffffffff ? fail(`Illegal "${name}"\n`) : r;
    };
    const time = (w: string, name: string) => parseTime(w) ?? fail(`Illegal "${name}"\n`);
    for (; args.more; args.shift()) {
      const a = args.cur;
      if (a === 'limit') v.plimit = unsigned(args.next(), 'limit');
      else if (a === 'flow_limit') v.flowPlimit = unsigned(args.next(), 'flow_limit');
      else if (a === 'buckets') buckets = unsigned(args.next(), 'buckets');
      else if (a === 'maxrate') v.flowMaxRate = rate(args.next(), 'maxrate');
      else if (a === 'low_rate_threshold') v.lowRateThreshold = rate(args.next(), 'low_rate_threshold');
      else if (a === 'ce_threshold') v.ceThreshold = time(args.next(), 'ce_threshold');
      else if (a === 'timer_slack') {
        // get_time64: nanoseconds
        const us = parseTime(args.next());
        if (us === undefined) fail('Illegal "timer_slack"\n');
        const ns = Math.round(us! * 1000);
        if (ns > 0xffffffff) fail('Illegal (out of range) "timer_slack"\n');
        v.timerSlack = ns;
      } else if (a === 'horizon_drop') horizonDrop = 1;
      else if (a === 'horizon_cap') horizonDrop = 0;
      else if (a === 'horizon') v.horizon = time(args.next(), 'horizon');
      else if (a === 'defrate') v.flowDefaultRate = rate(args.next(), 'defrate');
      else if (a === 'quantum') v.quantum = unsigned(args.next(), 'quantum');
      else if (a === 'initial_quantum') v.initialQuantum = unsigned(args.next(), 'initial_quantum');
      else if (a === 'orphan_mask') v.orphanMask = unsigned(args.next(), 'orphan_mask');
      else if (a === 'refill_delay') v.flowRefillDelay = time(args.next(), 'refill_delay');
      else if (a === 'pacing') pacing = 1;
      else if (a === 'nopacing') pacing = 0;
      else if (a === 'help') fail(EXPLAIN);
      else fail(`What is "${a}"?\n${EXPLAIN}`);
    }
    // fq_parse_opt's order of addattr
    const o: Record<string, number> = {};
    if (buckets) o.bucketsLog = Math.floor(Math.log2(buckets));
    for (const k of ['plimit', 'flowPlimit', 'quantum', 'initialQuantum']) if (v[k] !== undefined) o[k] = v[k]!;
    if (pacing !== -1) o.rateEnable = pacing;
    for (const k of ['flowMaxRate', 'lowRateThreshold', 'flowDefaultRate', 'flowRefillDelay', 'orphanMask', 'ceThreshold', 'timerSlack', 'horizon']) if (v[k] !== undefined) o[k] = v[k]!;
    if (horizonDrop !== 255) o.horizonDrop = horizonDrop;
    return o;
  },
  print(p: Printer, q, o: TcOptions) {
    if (q.plimit !== undefined) p.uint(PRINT_ANY, 'limit', 'limit %up ', q.plimit);
    if (q.flowPlimit !== undefined) p.uint(PRINT_ANY, 'flow_limit', 'flow_limit %up ', q.flowPlimit);
    if (q.bucketsLog !== undefined) p.uint(PRINT_ANY, 'buckets', 'buckets %u ', 2 ** q.bucketsLog);
    if (q.orphanMask !== undefined) p.uint(PRINT_ANY, 'orphan_mask', 'orphan_mask %u ', q.orphanMask);
    if (q.rateEnable === 0) p.bool(PRINT_ANY, 'pacing', 'nopacing ', false);
    if (q.quantum !== undefined) printSize(p, PRINT_ANY, 'quantum', 'quantum %s ', q.quantum);
    if (q.initialQuantum !== undefined) printSize(p, PRINT_ANY, 'initial_quantum', 'initial_quantum %s ', q.initialQuantum);
    if (q.flowMaxRate !== undefined && q.flowMaxRate !== 0xffffffff) p.rate(o.iec, PRINT_ANY, 'maxrate', 'maxrate %s ', q.flowMaxRate);
    if (q.flowDefaultRate) p.rate(o.iec, PRINT_ANY, 'defrate', 'defrate %s ', q.flowDefaultRate);
    if (q.lowRateThreshold) p.rate(o.iec, PRINT_ANY, 'low_rate_threshold', 'low_rate_threshold %s ', q.lowRateThreshold);
    if (q.flowRefillDelay !== undefined) {
      p.uint(PRINT_JSON, 'refill_delay', null, q.flowRefillDelay);
      p.string(PRINT_FP, null, 'refill_delay %s ', sprintTime(q.flowRefillDelay));
    }
    if (q.ceThreshold !== undefined && q.ceThreshold !== 0xffffffff) {
      p.uint(PRINT_JSON, 'ce_threshold', null, q.ceThreshold);
      p.string(PRINT_FP, null, 'ce_threshold %s ', sprintTime(q.ceThreshold));
    }
    if (q.timerSlack !== undefined) {
      p.uint(PRINT_JSON, 'timer_slack', null, q.timerSlack);
      p.string(PRINT_FP, null, 'timer_slack %s ', sprintTime64(q.timerSlack));
    }
    if (q.horizon !== undefined) {
      p.uint(PRINT_JSON, 'horizon', null, q.horizon);
      p.string(PRINT_FP, null, 'horizon %s ', sprintTime(q.horizon));
    }
    if (q.horizonDrop !== undefined) {
      if (!q.horizonDrop) p.null(PRINT_ANY, 'horizon_cap', 'horizon_cap ', null);
      else p.null(PRINT_ANY, 'horizon_drop', 'horizon_drop ', null);
    }
  },
  printXstats(p: Printer, xstats) {
    const st = xstatsOf(xstats, 'fq');
    if (!st) return;
    p.uint(PRINT_ANY, 'flows', '  flows %u', st.flows);
    p.uint(PRINT_ANY, 'inactive', ' (inactive %u', st.inactiveFlows);
    p.uint(PRINT_ANY, 'throttled', ' throttled %u)', st.throttledFlows);
    // time_next_delayed_flow is an s64 (ns until the next paced flow; negative when none is due)
    const next = BigInt.asIntN(64, BigInt(st.timeNextDelayedFlow));
    if (next > 0n) {
      p.u64(PRINT_JSON, 'next_packet_delay', null, next);
      p.string(PRINT_FP, null, ' next_packet_delay %s', sprintTime64(Number(next)));
    }
    p.nl();
    p.u64(PRINT_ANY, 'gc', '  gc %llu', st.gcFlows);
    p.u64(PRINT_ANY, 'highprio', ' highprio %llu', st.highprioPackets);
    if (st.tcpRetrans) p.u64(PRINT_ANY, 'retrans', ' retrans %llu', st.tcpRetrans);
    p.u64(PRINT_ANY, 'throttled', ' throttled %llu', st.throttled);
    if (st.unthrottleLatencyNs) {
      p.uint(PRINT_JSON, 'latency', null, st.unthrottleLatencyNs);
      p.string(PRINT_FP, null, ' latency %s', sprintTime64(st.unthrottleLatencyNs));
    }
    if (st.ceMark) p.u64(PRINT_ANY, 'ce_mark', ' ce_mark %llu', st.ceMark);
    if (st.flowsPlimit) p.u64(PRINT_ANY, 'flows_plimit', ' flows_plimit %llu', st.flowsPlimit);
    if (st.pktsTooLong || st.allocationErrors || st.horizonDrops || st.horizonCaps) {
      p.nl();
      if (st.pktsTooLong) p.u64(PRINT_ANY, 'pkts_too_long', ' pkts_too_long %llu', st.pktsTooLong);
      if (st.allocationErrors) p.u64(PRINT_ANY, 'alloc_errors', ' alloc_errors %llu', st.allocationErrors);
      if (st.horizonDrops) p.u64(PRINT_ANY, 'horizon_drops', ' horizon_drops %llu', st.horizonDrops);
      if (st.horizonCaps) p.u64(PRINT_ANY, 'horizon_caps', '  horizon_caps %llu', st.horizonCaps);
    }
  },
};
