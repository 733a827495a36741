/**
 * pure-tc's flower filter (iproute2 tc/f_flower.c), the keys container setups use: classid,
 * skip_hw/skip_sw/verbose, indev, num_of_vlans, vlan_id, vlan_prio, dst_mac/src_mac (with a
 * mask or prefix length), ip_proto, dst_ip/src_ip (prefixes), dst_port/src_port (a port or a
 * range), and actions. Other flower keys are refused with a message saying so.
 */
import { CliExit, CommandFailed, invarg } from '../../errors.js';
import type { Args } from '../../args.js';
import { flowerAttrs } from '../../../rtnl/tc/index.js';
import { parseClassid } from '../../../api/tc.js';
import { parseIPv4, parseIPv6, parseMac } from '../../../netlink/address.js';
import { OrderedAttrs } from '../ordered.js';
import { filterActions } from '../action.js';
import { cUnsigned } from '../kinds/fq-codel.js';
import { htons } from '../proto.js';
import type { FilterCli } from '../filter.js';

const fail = (msg: string): never => {
  throw new CommandFailed(1, msg);
};
const ETH_P_IP = 0x0800, ETH_P_IPV6 = 0x86dd, ETH_P_8021Q = 0x8100, ETH_P_8021AD = 0x88a8;
const UNSUPPORTED = [
  'hw_tc', 'ip_flags', 'ct_state', 'ct_zone', 'ct_mark', 'ct_label', 'vlan_ethtype', 'cvlan_id', 'cvlan_prio', 'cvlan_ethtype',
  'mpls', 'mpls_label', 'mpls_tc', 'mpls_bos', 'mpls_ttl', 'ip_tos', 'ip_ttl', 'tcp_flags', 'type', 'code', 'arp_tip', 'arp_sip',
  'arp_op', 'arp_tha', 'arp_sha', 'pppoe_sid', 'ppp_proto', 'enc_dst_ip', 'enc_src_ip', 'enc_key_id', 'enc_dst_port', 'enc_tos',
  'enc_ttl', 'geneve_opts', 'vxlan_opts', 'erspan_opts', 'gtp_opts', 'l2_miss', 'cfm', 'spi', 'enc_flags',
];

/** flower_parse_eth_addr: `MAC`, `MAC/LEN` or `MAC/MASK`. */
function ethAddr(o: OrderedAttrs, s: string, addrKey: string, maskKey: string): boolean {
  const [a, m] = s.split('/', 2) as [string, string | undefined];
  let addr: Uint8Array, mask: Uint8Array;
  try {
    addr = parseMac(a);
    if (addr.length !== 6) return false;
    if (m === undefined) mask = new Uint8Array(6).fill(0xff);
    else if (/^\d+$/.test(m)) {
      const bits = Number(m);
      mask = new Uint8Array(6);
      for (let i = 0; i < 48; i++) if (i < bits) mask[i >> 3]! |= 0x80 >> (i & 7);
    } else {
      mask = parseMac(m);
      if (mask.length !== 6) return false;
    }
  } catch {
    return false;
  }
  o.add(addrKey, fmtMac(addr)).add(maskKey, fmtMac(mask));
  return true;
}
const fmtMac = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');

/** __flower_parse_ip_addr: address and mask (from the prefix length) of the family the protocol implies. */
function ipAddr(o: OrderedAttrs, s: string, ethType: number, v4: [string, string], v6: [string, string]): boolean {
  if (ethType !== ETH_P_IP && ethType !== ETH_P_IPV6 && ethType !== 0) return false;
  const [a, l] = s.split('/', 2) as [string, string | undefined];
  // get_prefix: a malformed prefix of the expected family ends tc with exit(1)
  const expected = ethType === ETH_P_IPV6 || (ethType === 0 && a.includes(':')) ? 'inet6' : 'inet';
  const noPrefix = (): never => {
    throw new CliExit(1, `Error: ${expected} prefix is expected rather than "${s}".\n`);
  };
  let bytes: Uint8Array;
  try {
    bytes = expected === 'inet6' ? parseIPv6(a) : parseIPv4(a);
  } catch {
    return noPrefix();
  }
  const isV6 = bytes.length === 16;
  const max = bytes.length * 8;
  const bits = l === undefined ? max : /^\d+$/.test(l) ? Number(l) : NaN;
  if (!(bits <= max)) noPrefix();
  const mask = new Uint8Array(bytes.length);
  for (let i = 0; i < bits; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
  const keys = isV6 ? v6 : v4;
  const fmt = (b: Uint8Array) => (isV6 ? fmt6(b) : [...b].join('.'));
  o.add(keys[0], fmt(bytes)).add(keys[1], fmt(mask));
  return true;
}
function fmt6(b: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return parts.join(':');
}

/** flower_parse_port: `PORT` or `MIN-MAX` for tcp, udp or sctp. */
function port(o: OrderedAttrs, s: string, ipProto: number, src: boolean): boolean {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) {
    if (s.includes('/')) fail('pure-tc: a port with a mask is not supported yet\n');
    return false;
  }
  const min = Number(m[1]);
  const max = m[2] === undefined ? 0 : Number(m[2]);
  if (min > 0xffff || max > 0xffff) return false;
  const proto = ipProto === 6 ? 'Tcp' : ipProto === 17 ? 'Udp' : ipProto === 132 ? 'Sctp' : undefined;
  if (min && max) {
    if (max <= min) fail(`max value should be greater than min value\nIllegal "${src ? 'src' : 'dst'}_port"\n`);
    if (!proto) return false;
    o.add(src ? 'keyPortSrcMin' : 'keyPortDstMin', min).add(src ? 'keyPortSrcMax' : 'keyPortDstMax', max);
    return true;
  }
  if (min && !max) {
    if (!proto) return false;
    o.add(`key${proto}${src ? 'Src' : 'Dst'}`, min);
    return true;
  }
  return false;
}

export const flowerCli: FilterCli = {
  async parse(args: Args, handle, header, index) {
    if (handle !== undefined) header.handle = cUnsigned(handle, 0xffffffff) ?? fail('Illegal "handle"\n');
    const tcProto = htons(header.info & 0xffff); // back to host order
    const ethType = tcProto;
    let ipProto = 0xff;
    let flags = 0;
    let numOfVlans = 0;
    const o = new OrderedAttrs(flowerAttrs);
    const vlanOk = () => ethType === ETH_P_8021Q || ethType === ETH_P_8021AD || numOfVlans > 0;
    while (args.more) {
      const a = args.cur;
      const m = (w: string) => a !== '' && w.startsWith(a);
      if (m('classid') || m('flowid')) {
        const c = parseClassid(args.next());
        if (c === undefined) fail('Illegal "classid"\n');
        o.add('classid', c);
      } else if (m('verbose')) flags |= 16;
      else if (m('skip_hw')) flags |= 1;
      else if (m('skip_sw')) flags |= 2;
      else if (m('indev')) {
        const d = args.next();
        if (!d || d.length >= 16 || /[\s/]/.test(d) || d === '.' || d === '..') invarg('"indev" not a valid ifname', d);
        o.add('indev', d);
      } else if (a === 'num_of_vlans') {
        const n = cUnsigned(args.next(), 0xff);
        if (n === undefined || !/^\d+$/.test(args.cur)) fail('Illegal "num_of_vlans"\n');
        numOfVlans = n!;
        o.add('keyNumOfVlans', numOfVlans);
      } else if (m('vlan_id')) {
        args.next();
        if (!vlanOk()) fail(`Can't set "vlan_id" if ethertype isn't 802.1Q or 802.1AD and num_of_vlans is 0\n`);
        const v = /^\d+$/.test(args.cur) ? Number(args.cur) : NaN;
        if (!(v <= 0xfff)) fail('Illegal "vlan_id"\n');
        o.add('keyVlanId', v);
      } else if (m('vlan_prio')) {
        args.next();
        if (!vlanOk()) fail(`Can't set "vlan_prio" if ethertype isn't 802.1Q or 802.1AD and num_of_vlans is 0\n`);
        const v = /^\d+$/.test(args.cur) ? Number(args.cur) : NaN;
        if (!(v <= 7)) fail('Illegal "vlan_prio"\n');
        o.add('keyVlanPrio', v);
      } else if (m('dst_mac') || m('src_mac')) {
        const dst = m('dst_mac');
        if (!ethAddr(o, args.next(), dst ? 'keyEthDst' : 'keyEthSrc', dst ? 'keyEthDstMask' : 'keyEthSrcMask')) fail(`Illegal "${dst ? 'dst' : 'src'}_mac"\n`);
      } else if (m('ip_proto')) {
        const v = args.next();
        if (ethType !== ETH_P_IP && ethType !== ETH_P_IPV6) fail('Illegal "eth_type" for ip proto\nIllegal "ip_proto"\n');
        let p: number | undefined;
        if ('tcp'.startsWith(v)) p = 6;
        else if ('udp'.startsWith(v)) p = 17;
        else if ('sctp'.startsWith(v)) p = 132;
        else if ('icmp'.startsWith(v)) p = ethType === ETH_P_IP ? 1 : fail('Illegal "eth_type" for ip proto\nIllegal "ip_proto"\n');
        else if ('icmpv6'.startsWith(v)) p = ethType === ETH_P_IPV6 ? 58 : fail('Illegal "eth_type" for ip proto\nIllegal "ip_proto"\n');
        else p = /^(0x)?[0-9a-f]+$/i.test(v) && parseInt(v, 16) <= 0xff ? parseInt(v, 16) : fail('Illegal "ip_proto"\n');
        ipProto = p!;
        o.add('keyIpProto', ipProto);
      } else if (m('dst_ip') || m('src_ip')) {
        const dst = m('dst_ip');
        const ok = dst
          ? ipAddr(o, args.next(), ethType, ['keyIpv4Dst', 'keyIpv4DstMask'], ['keyIpv6Dst', 'keyIpv6DstMask'])
          : ipAddr(o, args.next(), ethType, ['keyIpv4Src', 'keyIpv4SrcMask'], ['keyIpv6Src', 'keyIpv6SrcMask']);
        if (!ok) fail(`Illegal "${dst ? 'dst' : 'src'}_ip"\n`);
      } else if (m('dst_port') || m('src_port')) {
        const dst = m('dst_port');
        if (!port(o, args.next(), ipProto, !dst)) fail(`Illegal "${dst ? 'dst' : 'src'}_port"\n`);
      } else if (m('action')) {
        args.next();
        o.add('act', await filterActions(args, index, fail));
        continue;
      } else if (UNSUPPORTED.some((k) => k.startsWith(a) && a !== '')) {
        fail(`pure-tc: flower option "${a}" is not supported yet\n`);
      } else {
        fail(`${a !== 'help' ? `What is "${a}"?\n` : ''}${EXPLAIN}`);
      }
      args.shift();
    }
    o.add('flags', flags);
    if (tcProto !== 0x0003) o.add('keyEthType', tcProto);
    return o.done();
  },
};

/** tc's flower usage text (printed as tc prints it, so that the errors read the same). */
const EXPLAIN = `Usage: ... flower	[ MATCH-LIST ] [ verbose ]
			[ skip_sw | skip_hw ]
			[ action ACTION-SPEC ] [ classid CLASSID ]

Where: MATCH-LIST := [ MATCH-LIST ] MATCH
       MATCH      := {	indev DEV-NAME |
			num_of_vlans VLANS_COUNT |
			vlan_id VID |
			vlan_prio PRIORITY |
			vlan_ethtype [ ipv4 | ipv6 | ETH-TYPE ] |
			cvlan_id VID |
			cvlan_prio PRIORITY |
			cvlan_ethtype [ ipv4 | ipv6 | ETH-TYPE ] |
			pppoe_sid PSID |
			ppp_proto [ ipv4 | ipv6 | mpls_uc | mpls_mc | PPP_PROTO ]			dst_mac MASKED-LLADDR |
			src_mac MASKED-LLADDR |
			ip_proto [tcp | udp | sctp | icmp | icmpv6 | IP-PROTO ] |
			ip_tos MASKED-IP_TOS |
			ip_ttl MASKED-IP_TTL |
			mpls LSE-LIST |
			mpls_label LABEL |
			mpls_tc TC |
			mpls_bos BOS |
			mpls_ttl TTL |
			dst_ip PREFIX |
			src_ip PREFIX |
			dst_port PORT-NUMBER |
			src_port PORT-NUMBER |
			tcp_flags MASKED-TCP_FLAGS |
			type MASKED-ICMP-TYPE |
			code MASKED-ICMP-CODE |
			arp_tip IPV4-PREFIX |
			arp_sip IPV4-PREFIX |
			arp_op [ request | reply | OP ] |
			arp_tha MASKED-LLADDR |
			arp_sha MASKED-LLADDR |
			enc_dst_ip [ IPV4-ADDR | IPV6-ADDR ] |
			enc_src_ip [ IPV4-ADDR | IPV6-ADDR ] |
			enc_key_id [ KEY-ID ] |
			enc_tos MASKED-IP_TOS |
			enc_ttl MASKED-IP_TTL |
			geneve_opts MASKED-OPTIONS |
			vxlan_opts MASKED-OPTIONS |
                       erspan_opts MASKED-OPTIONS |
			gtp_opts MASKED-OPTIONS |
			ip_flags IP-FLAGS |
			enc_dst_port [ port_number ] |
			ct_state MASKED_CT_STATE |
			ct_label MASKED_CT_LABEL |
			ct_mark MASKED_CT_MARK |
			ct_zone MASKED_CT_ZONE }
	LSE-LIST := [ LSE-LIST ] LSE
	LSE := lse depth DEPTH { label LABEL | tc TC | bos BOS | ttl TTL }
	FILTERID := X:Y:Z
	MASKED_LLADDR := { LLADDR | LLADDR/MASK | LLADDR/BITS }
	MASKED_CT_STATE := combination of {+|-} and flags trk,est,new,rel,rpl,inv
	ACTION-SPEC := ... look at individual actions

NOTE:	CLASSID, IP-PROTO are parsed as hexadecimal input.
NOTE:	There can be only used one mask per one prio. If user needs
	to specify different mask, he has to use different prio.
`;
