/**
 * A namespace holding every link kind Debian's 6.1 kernel has, built with `ip` (the oracle builds
 * it, so the state does not depend on our encoder): the VM lane's capture
 * (test/vm/capture-kinds.ts) records the kernel's dumps of it for the host's replay tests.
 * Kinds the kernel lacks are in UNAVAILABLE with the reason.
 */

/** `ip -n NS ...` argument lists, in order. */
export const KIND_STATE: string[] = [
  'link set lo up',
  'link add u0 type veth peer name u1',
  'link set u0 up',
  'link set u1 up',
  'addr add 192.0.2.1/24 dev u0',
  'addr add 2001:db8::1/64 dev u0 nodad',
  'link add d0 address 02:00:00:00:00:d0 mtu 1400 type dummy',
  'link add d1 type dummy',
  'link add d2 type dummy',
  'link add d3 type dummy',
  'link add d4 type dummy',
  'link add d5 type dummy',
  'link add d6 type dummy',
  // vlan: flags, qos maps, 802.1ad with 802.1Q inside
  'link add vl100 link u0 type vlan id 100 reorder_hdr off gvrp on loose_binding on egress-qos-map 0:3 1:4 ingress-qos-map 2:5',
  'link add vlad link u0 type vlan protocol 802.1ad id 200 mvrp on',
  'link add vlq link vlad type vlan id 300 bridge_binding on',
  // bonds and their slaves
  'link add bd0 type bond mode active-backup miimon 100 updelay 200 downdelay 200 primary_reselect better fail_over_mac active num_grat_arp 3 resend_igmp 2 all_slaves_active 1 min_links 1 peer_notify_delay 200',
  'link set d1 master bd0',
  'link set d2 master bd0',
  'link set bd0 type bond primary d1',
  'link add bd1 type bond mode 802.3ad lacp_rate fast xmit_hash_policy layer3+4 ad_select bandwidth ad_actor_sys_prio 100 ad_user_port_key 5 ad_actor_system 02:00:00:00:00:aa miimon 50 lacp_active on',
  'link set d3 master bd1',
  'link add bd2 type bond mode balance-xor arp_interval 100 arp_ip_target 192.0.2.10,192.0.2.11 arp_validate all arp_all_targets all arp_missed_max 3 xmit_hash_policy encap2+3',
  'link add bd3 type bond mode balance-alb tlb_dynamic_lb 1 lp_interval 2',
  'link add bd4 type bond mode balance-rr packets_per_slave 2 use_carrier 0',
  // vrf and its slave, team and its port
  'link add vrf0 type vrf table 1001',
  'link set d4 master vrf0',
  'link add tm0 type team',
  'link set d5 master tm0',
  // GRE family
  'link add gre1 type gre local 192.0.2.1 remote 198.51.100.1 ttl 64 tos 0x10 key 42 csum seq',
  'link add gre2 type gre remote 198.51.100.11 local 192.0.2.1 ttl inherit nopmtudisc ignore-df',
  'link add gtap1 type gretap local 192.0.2.1 remote 198.51.100.2 ikey 1 okey 2 dev u0 fwmark 5',
  'link add gtapx type gretap external',
  'link add ers1 type erspan local 192.0.2.1 remote 198.51.100.3 seq key 10 erspan_ver 1 erspan 123',
  'link add ers2 type erspan local 192.0.2.1 remote 198.51.100.4 seq key 11 erspan_ver 2 erspan_dir egress erspan_hwid 7',
  'link add g6 type ip6gre local 2001:db8::1 remote 2001:db8::2 hoplimit 32 encaplimit 4 flowlabel 0x12345 tclass 0x20',
  'link add g6tap type ip6gretap local 2001:db8::1 remote 2001:db8::3 key 7 encaplimit none',
  'link add e6 type ip6erspan local 2001:db8::1 remote 2001:db8::4 seq key 12 erspan_ver 2 erspan_dir ingress erspan_hwid 3',
  // IP-in-IP
  'link add ipip1 type ipip local 192.0.2.1 remote 198.51.100.5 ttl 32 tos 0x8 dev u0',
  'link add ipip2 type ipip external',
  'link add sit1 type sit local 192.0.2.1 remote 198.51.100.6 ttl 64 mode any',
  'link add sit2 type sit local 192.0.2.1 isatap',
  'link add sit3 type sit local 192.0.2.7 6rd-prefix 2001:db8:100::/40 6rd-relay_prefix 10.0.0.0/8',
  'link add t6 type ip6tnl local 2001:db8::1 remote 2001:db8::5 mode ip6ip6 encaplimit none hoplimit 20 flowlabel inherit tclass 0x10',
  'link add t6b type ip6tnl local 2001:db8::1 remote 2001:db8::6 mode ipip6 dscp inherit allow-localremote',
  'link add t6x type ip6tnl external',
  // UDP tunnels
  'link add gnv0 type geneve id 10 remote 198.51.100.7 ttl 32 tos 0x10 dstport 6082 df set udpcsum',
  'link add gnv6 type geneve id 11 remote 2001:db8::7 ttl inherit flowlabel 0x1 udp6zerocsumtx udp6zerocsumrx',
  'link add gnvx type geneve external dstport 6083',
  'link add vx1 type vxlan id 100 local 192.0.2.1 remote 198.51.100.8 dev u0 dstport 4789 srcport 1000 2000 ttl 10 tos 0x20 nolearning ageing 100 maxaddress 10 proxy rsc l2miss l3miss noudpcsum gbp df set',
  'link add vx6 type vxlan id 101 local 2001:db8::1 group ff05::100 dev u0 dstport 4790 udp6zerocsumtx udp6zerocsumrx flowlabel 0x5 ttl inherit',
  'link add vxx type vxlan external dstport 4791 gpe',
  // macvlan / macvtap / ipvlan / ipvtap
  'link add mvpriv link u0 type macvlan mode private',
  'link add mvvepa link u0 type macvlan mode vepa',
  'link add mvbr link u0 type macvlan mode bridge bcqueuelen 2000',
  'link add mvsrc link u0 type macvlan mode source macaddr add 02:00:00:00:01:01',
  'link set mvsrc type macvlan macaddr add 02:00:00:00:01:02',
  'link add mvpt link d0 type macvlan mode passthru nopromisc',
  'link add mvt link u0 type macvtap mode bridge',
  'link add ipv0 link u1 type ipvlan mode l2 bridge',
  'link add ipv1 link u1 type ipvlan mode l3 private',
  'link add ipv2 link u1 type ipvlan mode l3s vepa',
  'link add ipt0 link u1 type ipvtap mode l2',
  // the rest
  'link add wg0 type wireguard',
  'link add nlmon0 type nlmon',
  'link add ms0 link d6 type macsec port 11 encrypt on send_sci on end_station off scb off protect on replay on window 32 validate strict encodingsa 1 icvlen 16 cipher gcm-aes-128',
  'link add ms1 link d6 type macsec sci 0x1122334455667788 cipher gcm-aes-256 validate disabled',
  'link add xfrm0 type xfrm dev u0 if_id 7',
  'link add vti1 type vti local 192.0.2.1 remote 198.51.100.9 ikey 5 okey 6',
  'link add vti6a type vti6 local 2001:db8::1 remote 2001:db8::9 key 8',
  'link add vcan0 type vcan',
  'link add vxc0 type vxcan peer name vxc1',
  'link add br0 type bridge',
  'link add ifb0 type ifb',
  'link add vb0 type veth peer name vb1',
  'link set vb0 master br0',
  'link set vb0 type bridge_slave cost 7 priority 3',
  'tuntap add dev tap0 mode tap',
  // addresses for `-d addr show`
  'addr add 10.1.0.1/24 dev d0',
  'addr add 10.2.0.1 peer 10.2.0.2/32 dev gre1',
  'addr add 10.3.0.1/24 dev vrf0',
  'addr add 10.4.0.1/24 dev bd0 label bd0:x',
  'addr add 2001:db8:5::1/64 dev t6 nodad noprefixroute',
  'addr add 2001:db8:6::1/64 dev vl100 nodad',
];

/** Kinds the schemas know that Debian's 6.1 kernel cannot create here, and why. */
export const UNAVAILABLE: Record<string, string> = {
  bareudp: 'CONFIG_BAREUDP is not set in Debian 6.1',
  netkit: 'added in Linux 6.7',
  hsr: 'CONFIG_HSR is not set in Debian 6.1',
  ovpn: 'added in Linux 6.16',
  rmnet: 'CONFIG_RMNET is not set in Debian 6.1',
  virt_wifi: 'CONFIG_VIRT_WIFI is not set in Debian 6.1',
  ipoib: 'needs an InfiniBand device',
  gtp: 'needs UDP socket file descriptors from the creating process',
  ppp: 'needs a /dev/ppp channel file descriptor',
  dsa: 'needs a switch driver',
  wwan: 'needs a WWAN device',
};
