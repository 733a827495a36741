/**
 * pure-tc's requests against the bytes `tc` sends for the same command line (read with strace;
 * tc sends its request whatever the kernel then answers, so kinds this kernel lacks are covered),
 * decode/encode round trips of those bytes, and tc's argument errors. Needs tc and strace (skips
 * with the reason otherwise); runs unprivileged too (the kernel refuses, the bytes are sent).
 */
import { describe, expect, it } from 'vitest';
import { NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE } from '../../src/netlink/constants.js';
import { decode, encode } from '../../src/netlink/decode.js';
import { RTM_NEWQDISC, RTM_NEWTCLASS, RTM_DELQDISC, RTM_NEWTFILTER, RTM_DELTFILTER } from '../../src/rtnl/constants.js';
import { filterRequest } from '../../src/cli/tc/filter.js';
import { rtnetlink } from '../../src/rtnl/family.js';
import { classRequest } from '../../src/cli/tc/class.js';
import { qdiscRequest } from '../../src/cli/tc/qdisc.js';
import { CliExit, CommandFailed } from '../../src/cli/errors.js';
import { tcBytesAvailable, tcDatagrams, tcRequest } from '../support/tc-strace.js';
import { skipping } from '../support/probe.js';

const missing = tcBytesAvailable();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** ifindex of `lo` is 1 in every namespace */
const index = async (dev: string) => {
  if (dev === 'lo') return 1;
  throw new Error(`no device ${dev}`);
};

async function ours(argv: string[]): Promise<Uint8Array> {
  const [obj, cmd, ...rest] = argv;
  const flags = cmd === 'add' ? NLM_F_EXCL | NLM_F_CREATE : cmd === 'replace' ? NLM_F_CREATE | (obj === 'qdisc' ? NLM_F_REPLACE : 0) : 0;
  const req = obj === 'qdisc'
    ? await qdiscRequest(cmd === 'delete' || cmd === 'del' ? RTM_DELQDISC : RTM_NEWQDISC, flags, rest, index, () => {})
    : obj === 'filter'
      ? await filterRequest(cmd === 'delete' || cmd === 'del' ? RTM_DELTFILTER : RTM_NEWTFILTER, cmd === 'replace' ? NLM_F_CREATE : flags, rest, index, () => {})
      : await classRequest(RTM_NEWTCLASS, flags, rest, index, () => {});
  return encode({ type: req.type, flags: req.flags, seq: 0, pid: 0, body: req.body }, rtnetlink);
}

const COMMANDS: string[][] = [
  // kinds this kernel has
  ['qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', '10', 'r2q', '5', 'direct_qlen', '100'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'htb', 'offload'],
  ['class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '1mbit', 'burst', '15k', 'prio', '2'],
  ['class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:20', 'htb', 'rate', '6gbit', 'ceil', '8gbit', 'cburst', '64k/8', 'mtu', '9000', 'mpu', '64', 'overhead', '4', 'linklayer', 'atm', 'quantum', '3000'],
  ['class', 'replace', 'dev', 'lo', 'classid', '1:30', 'htb', 'rate', '100kbps'],
  ['qdisc', 'add', 'dev', 'lo', 'parent', '1:10', 'handle', '10:', 'tbf', 'rate', '1mbit', 'burst', '32kbit', 'latency', '400ms'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', '5gbit', 'burst', '1mb', 'limit', '3000000', 'peakrate', '6gbit', 'mtu', '9000', 'mpu', '64'],
  ['qdisc', 'replace', 'dev', 'lo', 'root', 'pfifo', 'limit', '100'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'bfifo', 'limit', '64k'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'pfifo_head_drop'],
  ['qdisc', 'add', 'dev', 'lo', 'clsact'],
  ['qdisc', 'add', 'dev', 'lo', 'ingress'],
  ['qdisc', 'delete', 'dev', 'lo', 'root'],
  // kinds it lacks: netem, fq_codel
  ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '10ms'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'delay', '10ms', '20ms', '25%', 'loss', '1%', 'rate', '1mbit'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'limit', '5000', 'loss', 'random', '0.5%', '10', 'duplicate', '2%', 'corrupt', '0.1%', 'reorder', '25%', '50%', 'delay', '1ms', 'gap', '5'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'loss', 'state', '1%', '2%', '3%', '4%', '5%', 'ecn'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'loss', 'gemodel', '1%', '10%', '70%', '0.1%'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'rate', '10gbit', '-4', '64', '2', 'slot', '1ms', '2ms', 'packets', '10', 'bytes', '64k'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'fq_codel'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'fq_codel', 'limit', '1000', 'flows', '512', 'target', '5ms', 'interval', '100ms', 'quantum', '1514', 'ecn', 'ce_threshold', '2ms', 'ce_threshold_selector', '0x1/0x3', 'memory_limit', '32mb', 'drop_batch', '32'],
  ['qdisc', 'add', 'dev', 'lo', 'root', 'fq_codel', 'noecn'],
  // filters and actions (this kernel has no classifiers)
  ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action', 'drop'],
  ['filter', 'add', 'dev', 'lo', 'egress', 'prio', '10', 'handle', '5', 'matchall', 'skip_hw', 'classid', '1:10', 'action', 'pass', 'index', '7', 'action', 'continue'],
  ['filter', 'add', 'dev', 'lo', 'parent', 'ffff:', 'protocol', 'all', 'matchall', 'action', 'mirred', 'egress', 'redirect', 'dev', 'lo'],
  // SKBEDIT_F_INHERITDSFIELD is 0x20 in TCA_SKBEDIT_FLAGS (pure-tc sent 0x1, which the kernel ignores)
  ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action', 'skbedit', 'mark', '5', 'inheritdsfield'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action', 'mirred', 'ingress', 'mirror', 'dev', 'lo', 'pipe', 'index', '3', 'cookie', 'a1b2c3', 'action', 'gact', 'drop', 'random', 'determ', 'pass', '10'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action', 'goto', 'chain', '5', 'hw_stats', 'delayed', 'no_percpu', 'skip_sw'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'chain', '5', 'matchall', 'action', 'jump', '2'],
  ['filter', 'replace', 'dev', 'lo', 'ingress', 'pref', '3', 'matchall', 'action', 'reclassify'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', 'ip', 'flower', 'ip_proto', 'tcp', 'dst_ip', '10.0.0.0/8', 'src_ip', '192.168.1.1', 'dst_port', '80', 'src_port', '1000-2000', 'action', 'drop'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', 'ipv6', 'pref', '2', 'flower', 'skip_hw', 'ip_proto', 'udp', 'dst_ip', '2001:db8::/32', 'dst_port', '53', 'classid', '1:1'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', '802.1Q', 'flower', 'vlan_id', '100', 'vlan_prio', '3', 'dst_mac', '02:00:00:00:00:01', 'src_mac', '02:00:00:00:00:00/40', 'indev', 'lo', 'action', 'pass'],
  ['filter', 'add', 'dev', 'lo', 'egress', 'flower', 'verbose', 'dst_mac', 'ff:ff:ff:ff:ff:ff/01:00:00:00:00:00', 'action', 'mirred', 'egress', 'mirror', 'dev', 'lo'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', 'ip', 'flower', 'ip_proto', 'icmp', 'action', 'drop'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', '0x88cc', 'flower'],
  ['filter', 'add', 'dev', 'lo', 'ingress', 'handle', '0x10/0xff', 'fw', 'classid', '1:2', 'action', 'drop'],
  ['filter', 'add', 'dev', 'lo', 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'handle', '6', 'fw', 'indev', 'lo', 'flowid', '1:6'],
  ['filter', 'delete', 'dev', 'lo', 'ingress', 'pref', '10'],
  ['filter', 'delete', 'dev', 'lo', 'ingress', 'pref', '10', 'protocol', 'ip', 'handle', '1', 'flower'],
  ['filter', 'add', 'block', '7', 'matchall', 'action', 'drop'],
];

describe.skipIf(skipping(missing))('pure-tc requests are the bytes tc sends', () => {
  for (const cmd of COMMANDS) {
    it(cmd.join(' '), async () => {
      const theirs = tcRequest(cmd);
      expect(theirs, 'tc sent a request').toBeDefined();
      expect(hex(await ours(cmd))).toBe(hex(theirs!));
      // tc's bytes decode with every attribute known and re-encode to themselves.
      const [m] = decode(theirs!, rtnetlink);
      expect(JSON.stringify(m!.body, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toMatch(/"unknown"/);
      expect(hex(encode({ type: m!.type, flags: m!.flags, seq: 0, pid: 0, body: m!.body }, rtnetlink))).toBe(hex(theirs!));
    }, 60_000);
  }

  const ERRORS: string[][] = [
    ['qdisc', 'add', 'dev', 'lo', 'root', 'htb', 'bogus'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'htb', 'r2q', 'x'],
    ['class', 'add', 'dev', 'lo', 'classid', '1:1', 'htb', 'ceil', '1mbit'],
    ['class', 'add', 'dev', 'lo', 'classid', '1:1', 'htb', 'rate', '1mbit', 'rate', '2mbit'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', '1mbit'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', '1mbit', 'burst', '10k', 'peakrate', '2mbit', 'latency', '1ms'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'tbf', 'rate', 'fast'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'pfifo', 'limit', 'x'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'pfifo', 'size', '1'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'reorder', '10%'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'gap', '5'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'ecn'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'loss', 'sometimes'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'netem', 'frob'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'fq_codel', 'limit', 'x'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'fq_codel', 'ce_threshold_selector', '1'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'fq_codel', 'frob'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'handle', 'zz', 'pfifo'],
    ['qdisc', 'add', 'dev', 'lo', 'parent', '1:2:3', 'pfifo'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'root', 'pfifo'],
    ['qdisc', 'add', 'dev', 'lo', 'root', 'frobq', 'x'],
    ['qdisc', 'add', 'dev', 'nope0', 'root', 'pfifo'],
    ['class', 'add', 'dev', 'lo', 'handle', '1:'],
    ['class', 'add', 'dev', 'lo', 'classid', '1:1', 'tbf', 'rate', '1mbit'],
    ['class', 'add', 'dev', 'lo', 'classid', '1:1', 'frobq'],
    ['class', 'add', 'dev', 'lo', 'classid', '1:1', 'parent', '1:', 'root'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action', 'mirred', 'sideways'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action', 'mirred', 'egress', 'redirect', 'dev', 'nope0'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'action', 'goto', 'chain'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'frob'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'matchall', 'skip_hw', 'skip_sw', 'action', 'drop'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'flower', 'ip_proto', 'tcp'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', 'ip', 'flower', 'dst_ip', '2001:db8::1'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', 'ip', 'flower', 'ip_proto', 'tcp', 'dst_port', '90-80'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'flower', 'vlan_id', '5'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'flower', 'frob'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'handle', '1'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'prio', '70000', 'matchall'],
    ['filter', 'add', 'dev', 'lo', 'ingress', 'protocol', 'nonsense', 'matchall'],
    ['filter', 'add', 'dev', 'lo', 'block', '3', 'matchall'],
  ];
  for (const cmd of ERRORS) {
    it(`fails like tc: ${cmd.join(' ')}`, async () => {
      const t = tcDatagrams(cmd);
      let code = 0;
      let stderr = '';
      try {
        await ours(cmd);
      } catch (e) {
        if (e instanceof CommandFailed) {
          code = e.status & 0xff;
          stderr = e.stderr;
        } else if (e instanceof CliExit) {
          code = e.code;
          stderr = e.stderr;
        } else throw e;
      }
      expect({ code, stderr: stderr.trimEnd() }).toEqual({ code: t.code, stderr: t.stderr.trimEnd() });
      expect(t.datagrams.filter((d) => d.length >= 6 && [36, 40].includes(d[4]!)).length, 'tc sent nothing').toBe(0);
    }, 60_000);
  }
});
