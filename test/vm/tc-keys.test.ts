/**
 * Traffic control beyond test/vm/tc.test.ts's round trip, against Debian's kernel in the VM lane:
 * a state built by `tc -batch` (one process: each tc call costs seconds under TCG) holding what
 * the kernel can show of every key and option: flower with every key family (L2, VLAN/CVLAN, IP,
 * ports and ranges, TCP flags, ICMP, ARP, MPLS single and multi-label, PPPoE, tunnel keys with
 * geneve/vxlan/erspan options, conntrack), 64-bit htb/tbf/netem rates, netem's loss models and
 * slots, fq / fq_codel / prio / pfifo with every option, a size table, u32 hash tables, fw and
 * matchall, actions with all their options, and standalone actions. `pure-tc -s -d` (text and
 * -j) must print it exactly as `tc` does; the kernel's answers are walked for the coverage table.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/tc/main.js';
import { NLM_F_DUMP, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { RTM_GETQDISC } from '../../src/rtnl/constants.js';
import type { TcMessage } from '../../src/rtnl/index.js';
import { useKernelNamespaces } from '../support/kernel.js';
import { recordTc } from './tc-record.js';
import { IN_VM } from './vm.js';

/** The whole state, one `tc -batch` line each (links come first, from ip). */
export const TC_KEYS_STATE: string[] = [
  // k0: a size table and an htb tree whose rates need the 64-bit attributes (>= 2^32 bytes/s)
  'qdisc add dev k0 root handle 1: estimator 1sec 8sec stab overhead 20 mtu 2048 tsize 512 linklayer ethernet htb default 10 r2q 20 direct_qlen 100',
  'class add dev k0 parent 1: classid 1:1 htb rate 50gbit ceil 60gbit burst 100k cburst 100k quantum 60000',
  'class add dev k0 parent 1:1 classid 1:10 htb rate 10mbit ceil 20mbit quantum 1500 prio 2',
  'class add dev k0 parent 1:1 classid 1:20 htb rate 10mbit',
  'class add dev k0 parent 1:1 classid 1:30 htb rate 10mbit',
  'qdisc add dev k0 parent 1:10 handle 10: netem limit 500 delay 100ms 10ms 25% distribution normal loss state 1% 2% 3% 4% 5% corrupt 0.1% reorder 5% 50% gap 3 ecn rate 1gbit 10 100 200 slot 800us 1ms packets 10 bytes 1000',
  'qdisc add dev k0 parent 1:20 handle 20: netem delay 1s loss gemodel 1% 10% 70% 0.1% rate 50gbit',
  'qdisc add dev k0 parent 1:30 handle 30: tbf rate 50gbit burst 1mb peakrate 60gbit mtu 64kb latency 50ms',
  // k2: prio with leaves of every other kind pure-tc prints
  'qdisc add dev k2 root handle 3: prio bands 4 priomap 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3',
  'qdisc add dev k2 parent 3:1 handle 31: fq_codel limit 100 flows 64 target 5ms interval 50ms quantum 300 memory_limit 1mb ce_threshold 2ms drop_batch 32 noecn',
  'qdisc add dev k2 parent 3:2 handle 32: sfq limit 100 perturb 5 quantum 2000 divisor 256 headdrop',
  'qdisc add dev k2 parent 3:3 handle 33: fq limit 100 flow_limit 10 quantum 3000 initial_quantum 10000 maxrate 1gbit buckets 256 orphan_mask 511 nopacing refill_delay 40ms low_rate_threshold 550kbit ce_threshold 2ms timer_slack 20us horizon 2s horizon_cap',
  'qdisc add dev k2 parent 3:4 handle 34: bfifo limit 10000',
  // u32 hash tables and links, fw, on k2's prio
  'filter add dev k2 parent 3: protocol ip pref 5 handle 1: u32 divisor 16',
  'filter add dev k2 parent 3: protocol ip pref 5 u32 ht 800:: match ip src 10.0.0.0/8 hashkey mask 0x0000ff00 at 12 link 1:',
  'filter add dev k2 parent 3: protocol ip pref 5 u32 ht 1:a: match ip dst 192.0.2.1/32 match mark 0x1 0xff classid 3:2 indev k2',
  'filter add dev k2 parent 3: protocol ip pref 6 handle 5/0xff fw classid 3:1 action ok',
  'filter add dev k2 parent 3: protocol ip pref 7 handle 6 fw classid 3:1 indev k2',
  'filter add dev k2 parent 3: protocol ip pref 8 u32 match ip tos 0x10 0xff action drop',
  'filter add dev k2 parent 3: protocol ip pref 9 basic classid 3:3 action drop',
  // shared blocks on a clsact
  'qdisc add dev k2 ingress_block 21 egress_block 22 clsact',
  // k0 ingress: flower, one filter per key family
  'qdisc add dev k0 clsact',
  'filter add dev k0 ingress protocol ip pref 1 handle 1 flower indev k0 classid 1:10 skip_hw dst_mac 02:00:00:00:00:01 src_mac 02:00:00:00:00:00/ff:ff:ff:00:00:00 ip_proto tcp ip_tos 0x10/0xf0 ip_ttl 64 dst_ip 192.0.2.0/24 src_ip 198.51.100.1 dst_port 80 src_port 1024/0xfc00 tcp_flags 0x2/0x12 ip_flags nofrag ct_state +trk+est-new ct_zone 5 ct_mark 0x10/0xff ct_label 01020304000000000000000000000000/ffffffff000000000000000000000000 action pass',
  'filter add dev k0 ingress protocol ipv6 pref 2 flower ip_proto udp dst_ip 2001:db8::1 src_ip 2001:db8::/32 dst_port 53 src_port 5353 action drop',
  'filter add dev k0 ingress protocol ip pref 3 flower ip_proto sctp dst_port 9 src_port 10 action drop',
  'filter add dev k0 ingress protocol ip pref 4 flower ip_proto udp dst_port 1000-2000 src_port 3000-4000 action drop',
  'filter add dev k0 ingress protocol ip pref 5 flower ip_proto icmp type 8 code 0 action drop',
  'filter add dev k0 ingress protocol ipv6 pref 6 flower ip_proto icmpv6 type 128 code 0 action drop',
  'filter add dev k0 ingress protocol arp pref 7 flower arp_op request arp_sip 192.0.2.1 arp_tip 192.0.2.0/24 arp_sha 02:00:00:00:00:01 arp_tha 02:00:00:00:00:00/24 action drop',
  'filter add dev k0 ingress protocol mpls_uc pref 8 flower mpls_label 100 mpls_tc 3 mpls_bos 1 mpls_ttl 64 action drop',
  'filter add dev k0 ingress protocol mpls_uc pref 9 flower mpls lse depth 1 label 100 tc 1 lse depth 2 label 200 bos 1 ttl 5 action drop',
  'filter add dev k0 ingress protocol 802.1ad pref 10 flower vlan_id 10 vlan_prio 1 vlan_ethtype 802.1q cvlan_id 20 cvlan_prio 2 cvlan_ethtype ip action drop',
  'filter add dev k0 ingress protocol ppp_ses pref 11 flower pppoe_sid 1234 ppp_proto ip action drop',
  'filter add dev k0 ingress protocol ip pref 12 flower enc_key_id 100 enc_dst_ip 10.0.0.1 enc_src_ip 10.0.0.0/8 enc_dst_port 4789 enc_tos 0x10 enc_ttl 64 geneve_opts 0102:80:00880022 action drop',
  'filter add dev k0 ingress protocol ip pref 13 flower enc_dst_ip 2001:db8::1 enc_src_ip 2001:db8::2 vxlan_opts 100 action drop',
  'filter add dev k0 ingress protocol ip pref 14 flower erspan_opts 2:0:1:7 action drop',
  'filter add dev k0 ingress protocol 802.1q pref 15 flower num_of_vlans 1 action drop',
  // k0 egress: actions with their options
  'filter add dev k0 egress pref 20 matchall skip_hw action skbedit priority 1:1 queue_mapping 2 ptype host mark 5/0xff inheritdsfield pipe action mirred egress mirror dev k1 pipe action police rate 1mbit burst 10k peakrate 2mbit mtu 2k conform-exceed reclassify/pipe overhead 10 linklayer ethernet action gact drop random determ pass 10',
  'filter add dev k0 egress pref 21 matchall classid 1:20 action vlan push id 100 protocol 802.1ad priority 5 pipe action vlan modify id 200 pipe action vlan pop',
  'filter add dev k0 egress pref 22 matchall action tunnel_key set src_ip 10.0.0.1 dst_ip 10.0.0.2 id 5 dst_port 4789 tos 0x10 ttl 64 nocsum geneve_opts 0102:80:00880022 pipe action tunnel_key set src_ip 2001:db8::1 dst_ip 2001:db8::2 id 6 vxlan_opts 10 pipe action tunnel_key set src_ip 10.0.0.4 dst_ip 10.0.0.3 id 7 erspan_opts 1:123:0:0 csum pipe action tunnel_key unset pipe action csum ip4h tcp udp',
  'filter add dev k0 egress pref 23 matchall action gact pass cookie 0a0b0c0d hw_stats disabled pipe action vlan push_eth dst_mac 02:00:00:00:00:01 src_mac 02:00:00:00:00:02 pipe action vlan pop_eth',
  // cake (k3): pure-tc has no cake printer yet; its decoding is compared with tc -j below
  'qdisc add dev k3 root handle 5: cake bandwidth 100mbit rtt 50ms diffserv4 dual-srchost nat wash ingress ack-filter split-gso memlimit 1mb overhead 18 mpu 64 atm fwmark 0xff',
  // standalone actions (RTM_NEWACTION)
  'actions add action gact drop index 100',
  'actions add action police rate 2mbit burst 20k conform-exceed drop index 101',
  'actions add action police rate 50gbit burst 1m peakrate 60gbit mtu 64k index 102',
  'actions add action police pkts_rate 1000 pkts_burst 100 index 103',
  // netem duplicating may not share a tree with other netems (sch_netem.c): its own root
  'qdisc add dev k1 root handle 4: netem duplicate 1% 10% delay 1ms',
];

/** The links the state needs. */
const LINKS = ['link add k0 type veth peer name k1', 'link add k2 type dummy', 'link add k3 type dummy'];

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}
const tc = (ns: string, args: string[]): Run => {
  const r = spawnSync('tc', ['-n', ns, ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
};
async function pureTc(ns: string, args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['-n', ns, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { stdout, stderr, code };
}

/** Each show, -s -d, text and -j. */
const SHOWS: string[][] = [];
for (const o of [['-s', '-d'], ['-j', '-s', '-d']]) {
  for (const dev of ['k0', 'k2']) SHOWS.push([...o, 'qdisc', 'show', 'dev', dev], [...o, 'class', 'show', 'dev', dev]);
  SHOWS.push([...o, 'filter', 'show', 'dev', 'k0', 'ingress'], [...o, 'filter', 'show', 'dev', 'k0', 'egress'], [...o, 'filter', 'show', 'dev', 'k2', 'parent', '3:']);
}

/** Ages of actions and the kernel's clocks (print_tm) change between two reads. */
const age = (s: string) =>
  s.replace(/ (installed|used|firstused|expires) \d+ sec/g, ' $1 N sec').replace(/"(installed|last_used|first_used|expires)":\d+/g, '"$1":0');

describe.skipIf(!IN_VM)('pure-tc prints every key and option as tc does (VM lane)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  const ns = () => env.ns[0]!.name;

  beforeAll(() => {
    for (const l of LINKS) execFileSync('ip', ['-n', ns(), ...l.split(' ')]);
    const batch = join(tmpdir(), `tc-keys-${process.pid}.batch`);
    writeFileSync(batch, `${TC_KEYS_STATE.join('\n')}\n`);
    // -force: go on after a failing line, so that one failure names itself below
    const r = tc(ns(), ['-force', '-batch', batch]);
    // without offloading hardware, act_api warns about every standalone action added
    expect(r.stderr.split('\n').filter((l) => l && l !== 'Warning: act_api: Failed to setup tc actions for offload.')).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('every qdisc, class, filter and action decodes (the kernel\'s answers, recorded for the coverage table)', async () => {
    expect(await recordTc(env.ns[0]!, ['gact', 'police'])).toBeGreaterThan(TC_KEYS_STATE.length);
  });

  it('cake: our decoding of its options is what tc -j prints', async () => {
    const ours = (await env.ns[0]!.dump<TcMessage>({ request: { type: RTM_GETQDISC, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family: 0, ifindex: 0, handle: 0, parent: 0, info: 0 }, attrs: {} } } }))
      .find((q) => q.attrs.kind === 'cake');
    const c = ours?.attrs.options as Record<string, unknown>;
    const theirs = (JSON.parse(tc(ns(), ['-j', 'qdisc', 'show', 'dev', 'k3']).stdout) as Array<{ kind: string; options: Record<string, unknown> }>).find((q) => q.kind === 'cake')!.options;
    expect({
      bandwidth: Number(c.baseRate64), diffserv: c.diffservMode, flowmode: c.flowMode, nat: Boolean(c.nat), wash: Boolean(c.wash), ingress: Boolean(c.ingress),
      'ack-filter': c.ackFilter === 'ack-filter' ? 'enabled' : c.ackFilter, split_gso: Boolean(c.splitGso), rtt: c.rtt, raw: Boolean(c.raw), atm: c.atm,
      overhead: c.overhead, mpu: c.mpu, memlimit: c.memory, fwmark: `0x${Number(c.fwmark).toString(16)}`,
    }).toEqual(theirs);
  });

  it('pure-tc -s -d prints the state as tc does (text and -j)', async () => {
    const diffs: string[] = [];
    for (const show of SHOWS) {
      const theirs = tc(ns(), show);
      const ours = await pureTc(ns(), show);
      const label = show.join(' ');
      expect(theirs.code, `tc ${label}: ${theirs.stderr}`).toBe(0);
      if (ours.code !== 0) {
        diffs.push(`${label}: pure-tc exited ${ours.code}: ${ours.stderr}`);
        continue;
      }
      const e = age(theirs.stdout).split('\n');
      const a = age(ours.stdout).split('\n');
      for (let i = 0; i < Math.max(e.length, a.length); i++) if (e[i] !== a[i]) diffs.push(`${label} line ${i + 1}:\n  tc:      ${e[i] ?? '(none)'}\n  pure-tc: ${a[i] ?? '(none)'}`);
    }
    if (diffs.length) console.log(diffs.join('\n'));
    expect(diffs).toEqual([]);
  });
});
