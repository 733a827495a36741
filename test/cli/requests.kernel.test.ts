/**
 * Requests that mean what ip's mean: for each command, `ip` and `pure-ip` run (each in its own
 * namespace, after the same set-up) under strace, and the change requests they send must be the
 * same bytes (apart from nlmsg_seq / nlmsg_pid), with the same exit code and message. Kinds
 * whose module this kernel lacks are compared too: the kernel refuses both, the request is what
 * counts. Changes (`link set ... type KIND`) are compared where the kernel has the kind.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { IP_DIFF_SKIP, realIp, uniqueNs } from './helpers.js';
import { requestsSent, straceMissing } from '../support/requests.js';
import { skipping } from '../support/probe.js';

const SETUP = [
  'link add v0 type veth peer name v1',
  'link set v0 up',
  'link set v1 up',
  'addr add 192.0.2.1/24 dev v0',
  '-6 addr add 2001:db8:1::1/64 dev v0 nodad',
  'link add vx0 type vxlan id 42 dstport 4789 dev v0',
  'link add vx1 type vxlan dstport 4790 external',
];

/** Commands compared, each run once on each side, in order (later ones see earlier ones' state). */
const COMMANDS = [
  // link add ... index N, and a veth peer's index
  'link add v10 index 77 type veth peer name v11 index 78',
  // gre family (this kernel may lack the modules: the request is what counts)
  'link add g0 type gre remote 192.0.2.2 local 192.0.2.1 ttl 64',
  'link add g1 type gretap remote 192.0.2.2 seq',
  'link add g2 type gretap external',
  'link add g3 type gretap remote 192.0.2.2 local 192.0.2.1 iseq oseq ikey 5 okey 1.2.3.4 csum nopmtudisc ignore-df tos 0x10 ttl inherit fwmark 7 dev v0',
  'link add g4 type gre remote 192.0.2.2 local 192.0.2.1 encap fou encap-sport auto encap-dport 5555 encap-csum encap-remcsum',
  'link add e0 type erspan remote 192.0.2.2 local 192.0.2.1 seq key 10 erspan 12',
  'link add e1 type erspan remote 192.0.2.2 local 192.0.2.1 seq key 10 erspan_ver 2 erspan_dir egress erspan_hwid 7',
  'link add e2 type erspan remote 192.0.2.2 local 192.0.2.1 erspan_ver 0',
  'link add g6 type ip6gre remote 2001:db8:1::2 local 2001:db8:1::1 hoplimit 10 encaplimit none tclass 0x20 flowlabel 0x1234',
  'link add g7 type ip6gretap remote 2001:db8:1::2 seq external',
  'link add g8 type ip6gretap remote 2001:db8:1::2 key 9 tclass inherit flowlabel inherit dscp inherit allow-localremote fwmark inherit',
  'link add e6 type ip6erspan remote 2001:db8:1::2 local 2001:db8:1::1 seq key 10 erspan_ver 1 erspan 3',
  // changes: ip reads the tunnel first and sends every value back (only where the kernel has it)
  'link set dev g0 type gre ttl 9',
  'link set dev g3 type gretap noseq nocsum nokey remote 192.0.2.3',
  'link set dev e1 type erspan erspan_ver 1 erspan 99',
  'link set dev g6 type ip6gre hoplimit 5 flowlabel inherit',
  'link set dev e6 type ip6erspan erspan_ver 2 erspan_dir ingress erspan_hwid 3',
  // ipip / sit (link_iptnl.c)
  'link add t0 type ipip remote 192.0.2.2 local 192.0.2.1 ttl 64 tos 0x10 dev v0 fwmark 3',
  'link add t1 type ipip mode mplsip remote 192.0.2.2 local any nopmtudisc',
  'link add t2 type ipip external',
  'link add t3 type ipip remote 192.0.2.2 mode ipip encap gue encap-sport 100 encap-dport 5555 encap-csum noencap-csum encap-udp6-csum encap-remcsum hlim inherit',
  'link add t4 type ipip ttl 9 nopmtudisc',
  'link add t5 type ipip remote 192.0.2.2 dev nosuch',
  'link add t6 type ipip isatap',
  'link add t7 type ipip 6rd-prefix 2001:db8::/32 tclass 0x20 mode any/ipv4',
  'link add s0 type sit remote 192.0.2.2 local 192.0.2.1 mode ip6ip ttl inherit tos inherit',
  'link add s1 type sit local 192.0.2.1 isatap',
  'link add s2 type sit local 192.0.2.7 6rd-prefix 2001:db8:100::/40 6rd-relay_prefix 10.0.0.0/8',
  // (not `6rd-reset`: ip 6.1 writes into the string literal "2002::/16" and dies of SIGSEGV)
  'link add s3 type sit mode any 6rd-relay_prefix 10.0.0.0/8 pmtudisc',
  'link add s4 type sit mode ipip6',
  'link add s5 type sit 6rd-prefix foo',
  // ip6tnl (link_ip6tnl.c)
  'link add p0 type ip6tnl remote 2001:db8:1::2 local 2001:db8:1::1 mode ipip6 hoplimit 20 encaplimit none tclass 0x10 flowlabel 0x12345 dev v0',
  'link add p1 type ip6tnl remote 2001:db8:1::2 mode any encaplimit 7 tclass inherit flowlabel inherit dscp inherit allow-localremote fwmark inherit encap fou encap-dport 6000 noencap-udp6-csum',
  'link add p2 type ip6tnl external',
  'link add p3 type ip6tnl remote 192.0.2.1',
  'link add p4 type ip6tnl mode ip6ip6 fl 0x100000',
  // vti / vti6 (link_vti.c, link_vti6.c)
  'link add vt0 type vti remote 192.0.2.2 local 192.0.2.1 ikey 5 okey 1.2.3.4 fwmark 9 dev v0',
  'link add vt1 type vti key 7',
  'link add vt2 type vti ikey 1.2.3',
  'link add vt6 type vti6 remote 2001:db8:1::2 local 2001:db8:1::1 key 8',
  'link add vt7 type vti6 ikey x',
  // tunnel changes: ip reads the link first and sends every value back
  'link set dev v0 type ipip ttl 3',
  'link set dev t0 type ipip ttl 9',
  'link set dev t0 type ipip remote 192.0.2.3 nopmtudisc',
  'link set dev t1 type ipip mode any pmtudisc ttl 4',
  'link set dev t2 type ipip ttl 5',
  'link set dev t3 type ipip noencap local 192.0.2.1',
  'link set dev s0 type sit 6rd-prefix 2001:db8::/32 6rd-relay_prefix 10.1.0.0/16',
  'link set dev s1 type sit remote 192.0.2.9',
  'link set dev s2 type sit 6rd-relay_prefix 10.2.0.0/16 ttl 7',
  'link set dev p0 type ip6tnl hoplimit 5 flowlabel inherit',
  'link set dev p1 type ip6tnl noallow-localremote encaplimit 4 tclass 0x8 local 2001:db8:1::1',
  'link set dev p2 type ip6tnl hoplimit 9',
  'link set dev vt0 type vti okey 9',
  'link set dev vt1 type vti remote 192.0.2.5 local 192.0.2.1',
  'link set dev vt6 type vti6 remote 2001:db8:1::3 dev v0',
  // vxlan changelink: the kernel's answers must be ip's
  'link set dev vx0 type vxlan vni 43',
  'link set dev vx0 type vxlan ttl inherit',
  'link set dev vx0 type vxlan ttl 9',
  'link set dev vx0 type vxlan nolearning',
  'link add br0 type bridge',
  'link set dev br0 type bridge stp_state 1 forward_delay 400 priority 100 vlan_filtering 1 mcast_snooping 0',
  'link add mv0 link v0 type macvlan mode bridge',
  'link set dev mv0 type macvlan mode private',
  'link add vx2 type vxlan id 44 dstport 4789 local 192.0.2.1 ttl 8',
  'link set dev vx2 type vxlan local 192.0.2.7',
  'link add vx3 type vxlan id 45 remote 192.0.2.9 local 192.0.2.1 dev v0 dstport 4789 ttl inherit tos 0x10 df set flowlabel 5 ageing 300 maxaddress 10 srcport 1000 2000 noproxy rsc l2miss nol3miss udpcsum noudp6zerocsumtx remcsumrx gbp',
  'link add vx4 type vxlan external dstport 4789',
  'link add vx5 type vxlan id 46 group 239.1.1.1 dev v0',
  'link add vx6 type vxlan id 47 remote 2001:db8:1::9 dstport 4789 nolearning',
  'link add vx7 type vxlan id 48 id 49',
  'link set dev vx3 type vxlan noudpcsum ageing 30 learning',
  // routes: prepend / append, lightweight tunnel encaps
  'route add 10.30.0.0/24 via 192.0.2.254',
  'route prepend 10.30.0.0/24 via 192.0.2.253',
  'route append 10.30.0.0/24 via 192.0.2.252',
  '-6 route append 2001:db8:30::/64 via 2001:db8:1::fd dev v0',
  'route add 10.31.0.0/24 encap ip id 5 dst 192.0.2.9 src 192.0.2.1 ttl 3 tos 4 seq key csum dev vx1',
  'route add 10.32.0.0/24 encap ip6 dst 2001:db8::9 id 0x10 hoplimit 3 tc 2 key dev vx1',
  '-6 route add 2001:db8:31::/64 encap ip6 dst 2001:db8::9 src 2001:db8::1 dev vx1',
  'route add 10.36.0.0/24 encap xfrm if_id 5 link_dev v0',
];

describe.skipIf(skipping(IP_DIFF_SKIP, straceMissing()))('requests like ip (strace)', () => {
  const A = uniqueNs('rqa');
  const B = uniqueNs('rqb');
  afterAll(() => {
    for (const ns of [A, B]) realIp(['netns', 'del', ns]);
  });

  test('setup', () => {
    for (const ns of [A, B]) {
      expect(realIp(['netns', 'add', ns]).code).toBe(0);
      for (const c of SETUP) {
        const r = realIp(['-n', ns, ...c.split(' ')]);
        expect(r.code, `${c}: ${r.stderr}`).toBe(0);
      }
    }
  });

  for (const c of COMMANDS) {
    test(c, () => {
      const words = c.split(' ');
      const ours = requestsSent('pure-ip', ['-n', A, ...words]);
      const theirs = requestsSent('ip', ['-n', B, ...words]);
      expect({ code: ours.code, stderr: ours.stderr }).toEqual({ code: theirs.code, stderr: theirs.stderr });
      expect(ours.requests).toEqual(theirs.requests);
      if (theirs.code === 0) expect(theirs.requests.length, 'ip sent a change').toBeGreaterThan(0);
    });
  }
});
