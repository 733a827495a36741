/**
 * Policy routing rules against the real kernel (root only): priority, tables below and above
 * 255, from / to, tos, fwmark / mask, iif / oif, not, goto, blackhole / unreachable / prohibit,
 * realms, port and uid ranges, ip protocol, suppress_prefixlen, tun_id and protocol, added with
 * our builders, dumped and decoded, compared rule by rule with `ip -j -d [-6] rule show`, and
 * deleted.
 */
import { describe, expect, it } from 'vitest';
import { AF_INET, AF_INET6, ruleAdd, ruleDelete, ruleDump, ruleTable, type RuleMessage } from '../../src/rtnl/index.js';
import { isRoot, useKernelNamespaces, type KernelNs } from '../support/kernel.js';
import { NOT_ROOT, skipping } from '../support/probe.js';

const TABLE_NAMES: Record<number, string> = { 253: 'default', 254: 'main', 255: 'local' };
const IP_PROTO: Record<number, string> = { 6: 'tcp', 17: 'udp' };
const hex = (n: number) => `0x${n.toString(16)}`;

/** What `ip -j -d rule show` prints for one of our decoded rules (iproute2 6.1). */
function asIpPrints(r: RuleMessage): Record<string, unknown> {
  const h = r.header;
  const a = r.attrs;
  const full = h.family === AF_INET ? 32 : 128;
  const out: Record<string, unknown> = { priority: a.priority ?? 0 };
  if (h.flags.includes('invert')) out.not = null;
  out.src = h.srcLen ? a.src : 'all';
  if (h.srcLen && h.srcLen !== full) out.srclen = h.srcLen;
  if (h.dstLen) {
    out.dst = a.dst;
    if (h.dstLen !== full) out.dstlen = h.dstLen;
  }
  if (h.tos) out.tos = hex(h.tos);
  if (a.fwmark !== undefined || a.fwmask !== undefined) {
    out.fwmark = hex(a.fwmark ?? 0);
    if (a.fwmask !== undefined && a.fwmask !== 0xffffffff) out.fwmask = hex(a.fwmask);
  }
  if (a.iifname !== undefined) {
    out.iif = a.iifname;
    if (h.flags.includes('iif_detached')) out.iif_detached = null;
  }
  if (a.oifname !== undefined) {
    out.oif = a.oifname;
    if (h.flags.includes('oif_detached')) out.oif_detached = null;
  }
  const table = ruleTable(r);
  if (table) out.table = TABLE_NAMES[table] ?? String(table);
  if (a.suppressPrefixlen !== undefined && a.suppressPrefixlen !== 0xffffffff) out.suppress_prefixlen = a.suppressPrefixlen;
  if (a.tunId !== undefined) out.tun_id = Number(a.tunId);
  // group 0 is "default" in /etc/iproute2/group; others print as numbers here
  if (a.suppressIfgroup !== undefined && a.suppressIfgroup !== 0xffffffff) out.suppress_ifgroup = a.suppressIfgroup === 0 ? 'default' : String(a.suppressIfgroup);
  if (a.l3mdev) out.l3mdev = null;
  if (a.uidRange) {
    out.uid_start = a.uidRange.start;
    out.uid_end = a.uidRange.end;
  }
  if (a.ipProto !== undefined) out.ipproto = IP_PROTO[a.ipProto] ?? String(a.ipProto);
  for (const [key, range] of [['sport', a.sportRange], ['dport', a.dportRange]] as const) {
    if (!range) continue;
    if (range.start === range.end) out[key] = range.start;
    else {
      out[`${key}_start`] = range.start;
      out[`${key}_end`] = range.end;
    }
  }
  if (a.flow !== undefined) {
    if (a.flow >>> 16) out.flow_from = String(a.flow >>> 16);
    out.flow_to = String(a.flow & 0xffff);
  }
  if (h.action === 'goto') out.goto = a.goto;
  else if (h.action !== 'to_tbl') out.action = h.action;
  out.protocol = a.protocol;
  return out;
}

/** Our rule dump of one family, in kernel order, must print as ip prints it. */
async function compareWithIp(k: KernelNs): Promise<RuleMessage[]> {
  const ours = await k.dump(ruleDump());
  for (const [family, flag] of [[AF_INET, '-4'], [AF_INET6, '-6']] as const) {
    const ip = k.ip<Array<Record<string, unknown>>>(flag, 'rule', 'show');
    expect(ours.filter((r) => r.header.family === family).map(asIpPrints), `family ${family}`).toEqual(ip);
  }
  return ours;
}

describe.skipIf(skipping(NOT_ROOT))('rules against the kernel (rtnl + session, compared with ip -j -d rule)', () => {
  const env = useKernelNamespaces(1, import.meta.url);
  const RULES = [
    { priority: 100, from: '192.0.2.0/24', table: 100 },
    { priority: 101, to: '198.51.100.0/24', table: 1000, tos: 0x10 },
    { priority: 102, fwmark: 0x10, fwmask: 0xff, table: 200 },
    { priority: 103, fwmark: 0x20, table: 70000 },
    { priority: 104, iif: 'lo', oif: 'pfoo0', table: 300 },
    { priority: 105, from: '2001:db8::/32', table: 100 },
    { priority: 106, not: true, from: '10.0.0.0/8', action: 'blackhole' as const },
    { priority: 107, goto: 110 },
    { priority: 108, ipProto: 6, dportRange: { start: 80, end: 443 }, sportRange: { start: 1000, end: 1000 }, table: 100 },
    { priority: 109, uidRange: { start: 1000, end: 2000 }, table: 100, protocol: 'static' as const },
    { priority: 110, table: 254, suppressPrefixlen: 0 },
    { priority: 111, action: 'unreachable' as const, realm: 5 },
    { priority: 112, action: 'prohibit' as const, to: '2001:db8:1::/48' },
    { priority: 113, table: 100, tunId: 5n },
    { priority: 114, table: 100, suppressIfgroup: 5 },
    { priority: 115, l3mdev: true },
    { priority: 114, from: '203.0.113.7', to: '203.0.113.8/32', table: 100 },
  ];

  it('adds rules of every shape and decodes them as ip prints them', async () => {
    const k = env.ns[0]!;
    await k.batch(RULES.map((r) => ruleAdd(r)));
    const ours = await compareWithIp(k);
    const find = (p: number) => ours.find((r) => r.attrs.priority === p)!;
    expect(find(100)).toMatchObject({ header: { family: AF_INET, srcLen: 24, table: 100, action: 'to_tbl' }, attrs: { src: '192.0.2.0' } });
    expect(find(101)).toMatchObject({ header: { dstLen: 24, tos: 0x10, table: 252 }, attrs: { dst: '198.51.100.0', table: 1000 } });
    expect(find(102).attrs).toMatchObject({ fwmark: 0x10, fwmask: 0xff });
    expect(ruleTable(find(103))).toBe(70000);
    expect(find(104).attrs).toMatchObject({ iifname: 'lo', oifname: 'pfoo0' });
    expect(find(104).header.flags).toContain('oif_detached');
    expect(find(105).header.family).toBe(AF_INET6);
    expect(find(106).header).toMatchObject({ action: 'blackhole', flags: ['invert'] });
    expect(find(107)).toMatchObject({ header: { action: 'goto' }, attrs: { goto: 110 } });
    expect(find(108).attrs).toMatchObject({ ipProto: 6, dportRange: { start: 80, end: 443 }, sportRange: { start: 1000, end: 1000 } });
    expect(find(109).attrs).toMatchObject({ uidRange: { start: 1000, end: 2000 }, protocol: 'static' });
    expect(find(110).attrs.suppressPrefixlen).toBe(0);
    expect(find(111)).toMatchObject({ header: { action: 'unreachable' }, attrs: { flow: 5 } });
    expect(find(113).attrs.tunId).toBe(5n);
    expect(find(114).attrs.suppressIfgroup).toBe(5);
    expect(find(115).attrs.l3mdev).toBe(1);
    // The kernel's default rules, decoded too.
    expect(ours.filter((r) => r.header.family === AF_INET && r.attrs.protocol === 'kernel').map(ruleTable)).toEqual([255, 254, 253]);
    // Family filter (kernel side).
    const v6 = await k.dump(ruleDump({ family: AF_INET6 }));
    expect(v6.every((r) => r.header.family === AF_INET6)).toBe(true);
    expect(v6.map((r) => r.attrs.priority).filter((p) => p !== undefined && p < 1000)).toEqual([105, 112]);
    await expect(k.request(ruleAdd(RULES[0]!))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('deletes rules by their selectors, and ip agrees', async () => {
    const k = env.ns[0]!;
    await k.batch(RULES.map((r) => ruleDelete(r)));
    const ours = await compareWithIp(k);
    expect(ours.filter((r) => r.header.family === AF_INET || r.header.family === AF_INET6).every((r) => r.attrs.protocol === 'kernel')).toBe(true);
    await expect(k.request(ruleDelete(RULES[0]!))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
