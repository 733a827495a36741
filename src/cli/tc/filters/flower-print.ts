/**
 * How pure-tc prints a flower filter (iproute2 tc/f_flower.c flower_print_opt): classid, indev,
 * VLAN and CVLAN keys, MAC addresses, ether type, ip_proto, tos/ttl, IP addresses, ports, TCP
 * flags, ICMP type/code, ARP keys, the ip_flags, the skip/in_hw flags and the actions; MPLS,
 * PPPoE, tunnel (enc_*) and conntrack (ct_*) keys are printed by flower-print-keys.ts.
 */
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import { formatClassid } from '../../../api/tc.js';
import type { ActionAttrs } from '../../../rtnl/tc/schema.js';
import { printActions } from '../action-print.js';
import type { FilterPrinter } from '../filter-show.js';
import { llProtoN2a } from '../proto.js';
import { indent, masked, maskedU8, printCt, printEnc, printMpls, printPppoe } from './flower-print-keys.js';

type Opts = Record<string, unknown>;

/** TC_H_MIN_PRIORITY (0xffe0) and TC_QOPT_MAX_QUEUE (16): classids that name a hardware traffic class. */
const TC_H_MIN_PRIORITY = 0xffe0;
const TC_QOPT_MAX_QUEUE = 16;

/** __mask_bits: the prefix length of a contiguous mask, -1 otherwise. */
function maskBits(bytes: number[]): number {
  let bits = 0;
  let hole = false;
  for (const b of bytes) {
    for (let j = 7; j >= 0; j--) {
      if ((b >> j) & 1) {
        if (hole) return -1;
        bits++;
      } else if (bits) hole = true;
      else return -1;
    }
  }
  return bits;
}
const macBytes = (m: string) => m.split(':').map((x) => parseInt(x, 16));
const v4Bytes = (a: string) => a.split('.').map(Number);
function v6Bytes(a: string): number[] {
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

function ethAddr(p: Printer, name: string, addr: unknown, mask: unknown): void {
  if (typeof addr !== 'string') return;
  let out = addr;
  if (typeof mask === 'string') {
    const bits = maskBits(macBytes(mask));
    if (bits < 0) out += `/${mask}`;
    else if (bits < 48) out += `/${bits}`;
  }
  indent(p, name, out);
}

function ipAddr(p: Printer, name: string, v6: boolean, addr: unknown, mask: unknown): void {
  if (typeof addr !== 'string' || typeof mask !== 'string') return;
  const bits = maskBits(v6 ? v6Bytes(mask) : v4Bytes(mask));
  let out = addr;
  if (bits < 0) out += `/${mask}`;
  else if (bits < (v6 ? 128 : 32)) out += `/${bits}`;
  indent(p, name, out);
}

const IP_PROTO: Record<number, string> = { 6: 'tcp', 17: 'udp', 132: 'sctp', 1: 'icmp', 58: 'icmpv6' };
const ETH_TYPE: Record<number, string> = { 0x0800: 'ipv4', 0x86dd: 'ipv6', 0x0806: 'arp', 0x8035: 'rarp' };
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** flower_print_matching_flags (FLOWER_IP_FLAGS: TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT, FRAG_IS_FIRST). */
function ipFlags(p: Printer, value: unknown, mask: unknown): void {
  if (mask === undefined) return;
  const v = Number(value ?? 0);
  const m = Number(mask);
  let count = 0;
  for (const [flag, name] of [[1, 'frag'], [2, 'firstfrag']] as const) {
    if (!(m & flag)) continue;
    if (++count === 1) {
      p.nl();
      p.string(PRINT_FP, null, '  %s ', 'ip_flags');
      p.openObject('ip_flags');
    } else p.string(PRINT_FP, null, '/', null);
    p.bool(PRINT_JSON, name, null, (v & flag) !== 0);
    p.string(PRINT_FP, null, '%s', v & flag ? name : `no${name}`);
  }
  if (count) p.closeObject();
}

/** flower_print_opt */
export const printFlower: FilterPrinter = (p, o: Opts, handle, ctx) => {
  if (handle) p.uint(PRINT_ANY, 'handle', 'handle 0x%x ', handle);
  if (o.classid !== undefined) {
    const h = Number(o.classid);
    const min = h & 0xffff;
    if (min < TC_H_MIN_PRIORITY || min > TC_H_MIN_PRIORITY + TC_QOPT_MAX_QUEUE - 1) p.string(PRINT_ANY, 'classid', 'classid %s ', formatClassid(h));
    else p.uint(PRINT_ANY, 'hw_tc', 'hw_tc %u ', min - TC_H_MIN_PRIORITY);
  }
  if (o.indev !== undefined) {
    p.nl();
    p.string(PRINT_ANY, 'indev', '  indev %s', String(o.indev));
  }
  p.openObject('keys');
  const line = (key: string, json: string, fmt: string, v: unknown, proto = false) => {
    if (v === undefined) return;
    p.nl();
    if (proto) p.string(PRINT_ANY, json, fmt, llProtoN2a(Number(v)));
    else p.uint(PRINT_ANY, json, fmt, Number(v));
  };
  line('keyNumOfVlans', 'num_of_vlans', '  num_of_vlans %d', o.keyNumOfVlans);
  line('keyVlanId', 'vlan_id', '  vlan_id %u', o.keyVlanId);
  line('keyVlanPrio', 'vlan_prio', '  vlan_prio %d', o.keyVlanPrio);
  line('keyVlanEthType', 'vlan_ethtype', '  vlan_ethtype %s', o.keyVlanEthType, true);
  line('keyCvlanId', 'cvlan_id', '  cvlan_id %u', o.keyCvlanId);
  line('keyCvlanPrio', 'cvlan_prio', '  cvlan_prio %d', o.keyCvlanPrio);
  line('keyCvlanEthType', 'cvlan_ethtype', '  cvlan_ethtype %s', o.keyCvlanEthType, true);
  ethAddr(p, 'dst_mac', o.keyEthDst, o.keyEthDstMask);
  ethAddr(p, 'src_mac', o.keyEthSrc, o.keyEthSrcMask);
  let ethType = 0;
  if (o.keyEthType !== undefined) {
    ethType = Number(o.keyEthType);
    p.nl();
    p.string(PRINT_ANY, 'eth_type', '  eth_type %s', ETH_TYPE[ethType] ?? ethType.toString(16).padStart(4, '0'));
  }
  let ipProto = 0xff;
  if (o.keyIpProto !== undefined) {
    ipProto = Number(o.keyIpProto);
    p.nl();
    p.string(PRINT_ANY, 'ip_proto', '  ip_proto %s', IP_PROTO[ipProto] ?? hex2(ipProto));
  }
  masked(p, 'ip_tos', o.keyIpTos, o.keyIpTosMask, 0xff);
  masked(p, 'ip_ttl', o.keyIpTtl, o.keyIpTtlMask, 0xff);
  printMpls(p, o);
  if (ethType === 0x0800 || ethType === 0x86dd) {
    const v6 = ethType === 0x86dd;
    ipAddr(p, 'dst_ip', v6, v6 ? o.keyIpv6Dst : o.keyIpv4Dst, v6 ? o.keyIpv6DstMask : o.keyIpv4DstMask);
    ipAddr(p, 'src_ip', v6, v6 ? o.keyIpv6Src : o.keyIpv4Src, v6 ? o.keyIpv6SrcMask : o.keyIpv4SrcMask);
  }
  // flower_port_attr_type: the port keys of the ip_proto matched
  const portKey = ipProto === 6 ? 'keyTcp' : ipProto === 17 ? 'keyUdp' : ipProto === 132 ? 'keySctp' : undefined;
  if (portKey) {
    masked(p, 'dst_port', o[`${portKey}Dst`], o[`${portKey}DstMask`], 0xffff);
    masked(p, 'src_port', o[`${portKey}Src`], o[`${portKey}SrcMask`], 0xffff);
    for (const [name, min, max] of [['dst_port', o.keyPortDstMin, o.keyPortDstMax], ['src_port', o.keyPortSrcMin, o.keyPortSrcMax]] as const) {
      if (min === undefined || max === undefined) continue;
      if (p.json) {
        p.openObject(name);
        p.hu(PRINT_JSON, 'start', null, Number(min));
        p.hu(PRINT_JSON, 'end', null, Number(max));
        p.closeObject();
      } else indent(p, name, `${Number(min)}-${Number(max)}`);
    }
  }
  if (o.keyTcpFlags !== undefined) indent(p, 'tcp_flags', `0x${Number(o.keyTcpFlags).toString(16)}${o.keyTcpFlagsMask !== undefined ? `/${Number(o.keyTcpFlagsMask).toString(16)}` : ''}`);
  // flower_icmp_attr_type: ICMPv4 keys for ipv4+icmp, ICMPv6 keys for ipv6+icmpv6
  const icmp = ethType === 0x0800 && ipProto === 1 ? 'keyIcmpv4' : ethType === 0x86dd && ipProto === 58 ? 'keyIcmpv6' : undefined;
  if (icmp) {
    maskedU8(p, 'icmp_type', o[`${icmp}Type`], o[`${icmp}TypeMask`]);
    maskedU8(p, 'icmp_code', o[`${icmp}Code`], o[`${icmp}CodeMask`]);
  }
  ipAddr(p, 'arp_sip', false, o.keyArpSip, o.keyArpSipMask);
  ipAddr(p, 'arp_tip', false, o.keyArpTip, o.keyArpTipMask);
  // ARPOP_REQUEST (1), ARPOP_REPLY (2): named when unmasked
  maskedU8(p, 'arp_op', o.keyArpOp, o.keyArpOpMask, (v) => (v === 1 ? 'request' : v === 2 ? 'reply' : undefined));
  ethAddr(p, 'arp_sha', o.keyArpSha, o.keyArpShaMask);
  ethAddr(p, 'arp_tha', o.keyArpTha, o.keyArpThaMask);
  printPppoe(p, o);
  printEnc(p, o, ipAddr);
  ipFlags(p, o.keyFlags, o.keyFlagsMask);
  printCt(p, o);
  p.closeObject();
  if (o.flags !== undefined) {
    const f = Number(o.flags);
    // TCA_CLS_FLAGS_SKIP_HW (1), SKIP_SW (2), IN_HW (4), NOT_IN_HW (8)
    if (f & 1) {
      p.nl();
      p.bool(PRINT_ANY, 'skip_hw', '  skip_hw', true);
    }
    if (f & 2) {
      p.nl();
      p.bool(PRINT_ANY, 'skip_sw', '  skip_sw', true);
    }
    if (f & 4) {
      p.nl();
      p.bool(PRINT_ANY, 'in_hw', '  in_hw', true);
      if (o.inHwCount !== undefined) p.uint(PRINT_ANY, 'in_hw_count', ' in_hw_count %u', Number(o.inHwCount));
    } else if (f & 8) {
      p.nl();
      p.bool(PRINT_ANY, 'not_in_hw', '  not_in_hw', true);
    }
  }
  printActions(p, o.act as ActionAttrs[] | undefined, ctx);
};
