/**
 * pure-tc's vlan and skbedit actions (iproute2 tc/m_vlan.c, tc/m_skbedit.c): parsing (the verdict
 * after the options defaults to pipe, parse_action_control_dflt) and printing (print_vlan,
 * print_skbedit).
 */
import { CliExit, invarg } from '../../errors.js';
import type { Args } from '../../args.js';
import { skbeditAttrs, vlanActAttrs } from '../../../rtnl/tc/index.js';
import { TC_ACT_PIPE } from '../../../rtnl/tc/constants.js';
import { formatClassid, parseClassid } from '../../../api/tc.js';
import { PRINT_ANY } from '../../format/printer.js';
import { OrderedAttrs } from '../ordered.js';
import { actionA2n, ParseFail, parseActionControl } from './control.js';
import { llProtoA2n, llProtoN2a } from '../proto.js';
import { printActionControl, printGen, printTm, registerActionPrinter, type ActionPrinter } from '../action-print.js';
import { strtolBase0 } from '../filters/matchall.js';
import type { ActionCli } from '../action.js';

const m = (word: string, full: string) => word !== '' && full.startsWith(word);

/** parse_action_control_dflt: a verdict when the word is one, else `dflt` (the cursor stays). */
function controlDflt(args: Args, dflt: number): number {
  if (args.more && actionA2n(args.cur, false) !== undefined) return parseActionControl(args, false);
  return dflt;
}
/** `index N` after the verdict (get_u32 base 10). */
function parseIndex(args: Args, kind: string): number {
  if (!args.more || !m(args.cur, 'index')) return 0;
  args.next();
  if (!/^\d+$/.test(args.cur) || Number(args.cur) > 0xffffffff) throw new ParseFail(`${kind}: Illegal "index"\n`);
  const v = Number(args.cur);
  args.shift();
  return v;
}

// TCA_VLAN_ACT_* (linux/tc_act/tc_vlan.h)
const VLAN_ACTIONS = ['pop', 'push', 'modify', 'pop_eth', 'push_eth'] as const;
const VLAN_USAGE = `usage: vlan pop [CONTROL]
       vlan push [ protocol VLANPROTO ] id VLANID [ priority VLANPRIO ] [CONTROL]
       vlan modify [ protocol VLANPROTO ] id VLANID [ priority VLANPRIO ] [CONTROL]
       vlan pop_eth [CONTROL]
       vlan push_eth dst_mac LLADDR src_mac LLADDR [CONTROL]
       VLANPROTO is one of 802.1Q or 802.1AD
            with default: 802.1Q
       CONTROL := reclassify | pipe | drop | continue | pass |
                 goto chain <CHAIN_INDEX>
`;

export const vlanCli: ActionCli = {
  async parse(args: Args, printed: string[]) {
    if (!m(args.cur, 'vlan')) throw new ParseFail('');
    args.next();
    let action = 0;
    let id: number | undefined;
    let proto: number | undefined;
    let prio: number | undefined;
    let dst: string | undefined;
    let src: string | undefined;
    const push = () => action === 2 || action === 3;
    const setAction = (n: number) => {
      if (action) throw new ParseFail(`unexpected "${args.cur}"\n`);
      action = n;
    };
    while (args.more) {
      const a = args.cur;
      // matches() order of m_vlan.c: "pop" before "pop_eth", so "pop" is pop
      if (m(a, 'pop')) setAction(1);
      else if (m(a, 'push')) setAction(2);
      else if (m(a, 'modify')) setAction(3);
      else if (m(a, 'pop_eth')) setAction(4);
      else if (m(a, 'push_eth')) setAction(5);
      else if (m(a, 'id')) {
        if (!push()) invarg('only valid for push/modify', a);
        const v = strtolBase0(args.next());
        if (v === undefined || v < 0 || v > 0xffff) invarg('id is invalid', args.cur);
        id = v;
      } else if (m(a, 'protocol')) {
        if (!push()) invarg('only valid for push/modify', a);
        proto = llProtoA2n(args.next());
        if (proto === undefined) invarg('protocol is invalid', args.cur);
      } else if (m(a, 'priority')) {
        if (!push()) invarg('only valid for push/modify', a);
        const v = strtolBase0(args.next());
        if (v === undefined || v < 0 || v > 0xff || v & ~7) invarg('prio is invalid', args.cur);
        prio = v;
      } else if (m(a, 'dst_mac') || m(a, 'src_mac')) {
        if (action !== 5) invarg('only valid for push_eth', a);
        const mac = args.next();
        if (!/^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(mac)) invarg(`${a.startsWith('d') ? 'dst' : 'src'}_mac is invalid`, mac);
        if (m(a, 'dst_mac')) dst = mac;
        else src = mac;
      } else if (m(a, 'help')) throw new CliExit(255, printed.join('') + VLAN_USAGE);
      else break;
      args.shift();
    }
    const parms = { index: 0, capab: 0, action: controlDflt(args, TC_ACT_PIPE), refcnt: 0, bindcnt: 0, vAction: action };
    parms.index = parseIndex(args, 'vlan');
    const name = VLAN_ACTIONS[action - 1] ?? '(none)';
    if (push() && id === undefined) throw new ParseFail(`id needs to be set for ${name}\n${VLAN_USAGE}`);
    if (action === 5 && dst === undefined) throw new ParseFail(`dst_mac needs to be set for ${name}\n${VLAN_USAGE}`);
    if (action === 5 && src === undefined) throw new ParseFail(`src_mac needs to be set for ${name}\n${VLAN_USAGE}`);
    const o = new OrderedAttrs(vlanActAttrs).add('parms', parms);
    if (id !== undefined) o.add('pushVlanId', id);
    if (proto !== undefined) {
      // ETH_P_8021Q, ETH_P_8021AD
      if (proto !== 0x8100 && proto !== 0x88a8) throw new ParseFail(`protocol not supported\n${VLAN_USAGE}`);
      o.add('pushVlanProtocol', proto);
    }
    if (prio !== undefined) o.add('pushVlanPriority', prio);
    if (dst !== undefined) o.add('pushEthDst', dst.toLowerCase());
    if (src !== undefined) o.add('pushEthSrc', src.toLowerCase());
    return o.done();
  },
};

/** print_vlan */
export const printVlan: ActionPrinter = (p, o, ctx) => {
  p.string(PRINT_ANY, 'kind', '%s ', 'vlan');
  if (!o) return;
  const parms = o.parms as { index: number; action: number; refcnt: number; bindcnt: number; vAction: string | number };
  const va = typeof parms.vAction === 'number' ? VLAN_ACTIONS[parms.vAction - 1] : parms.vAction;
  p.string(PRINT_ANY, 'vlan_action', ' %s', va ?? String(parms.vAction));
  if (va === 'push' || va === 'modify') {
    if (o.pushVlanId !== undefined) p.uint(PRINT_ANY, 'id', ' id %u', Number(o.pushVlanId));
    if (o.pushVlanProtocol !== undefined) p.string(PRINT_ANY, 'protocol', ' protocol %s', llProtoN2a(Number(o.pushVlanProtocol)));
    if (o.pushVlanPriority !== undefined) p.uint(PRINT_ANY, 'priority', ' priority %u', Number(o.pushVlanPriority));
  } else if (va === 'push_eth') {
    if (o.pushEthDst !== undefined) p.string(PRINT_ANY, 'dst_mac', ' dst_mac %s', String(o.pushEthDst));
    if (o.pushEthSrc !== undefined) p.string(PRINT_ANY, 'src_mac', ' src_mac %s', String(o.pushEthSrc));
  }
  printActionControl(p, ' ', parms.action, '');
  p.nl();
  printGen(p, parms, '\t ');
  if (ctx.opts.stats) printTm(p, o.tm);
  p.nl();
};

const SKBEDIT_USAGE = `Usage: ... skbedit <[QM] [PM] [MM] [PT] [IF]>
QM = queue_mapping QUEUE_MAPPING
PM = priority PRIORITY
MM = mark MARK[/MASK]
PT = ptype PACKETYPE
IF = inheritdsfield
PACKETYPE = is one of:
  host, otherhost, broadcast, multicast
QUEUE_MAPPING = device transmit queue to use
PRIORITY = classID to assign to priority field
MARK = firewall mark to set
MASK = mask applied to firewall mark (0xffffffff by default)
note: inheritdsfield maps DS field to skb->priority
`;
// PACKET_HOST (0), PACKET_BROADCAST (1), PACKET_MULTICAST (2), PACKET_OTHERHOST (3) (linux/if_packet.h)
const PTYPES = ['host', 'broadcast', 'multicast', 'otherhost'];
/** SKBEDIT_F_INHERITDSFIELD (linux/tc_act/tc_skbedit.h), the one bit of TCA_SKBEDIT_FLAGS */
const SKBEDIT_F_INHERITDSFIELD = 0x20n;

export const skbeditCli: ActionCli = {
  async parse(args: Args, printed: string[]) {
    if (!m(args.cur, 'skbedit')) throw new ParseFail('');
    args.next();
    let ok = 0;
    let queueMapping: number | undefined;
    let priority: number | undefined;
    let mark: number | undefined;
    let mask: number | undefined;
    let ptype: number | undefined;
    let flags = 0n;
    const u32 = (s: string) => {
      const v = strtolBase0(s);
      return v !== undefined && v >= 0 && v <= 0xffffffff && /^(0x[0-9a-f]+|\d+)$/i.test(s) ? v : undefined;
    };
    while (args.more) {
      const a = args.cur;
      if (m(a, 'queue_mapping')) {
        const w = args.next();
        if (!/^\d+$/.test(w) || Number(w) > 65535) throw new ParseFail('Illegal queue_mapping\n');
        queueMapping = Number(w);
        ok++;
      } else if (m(a, 'priority')) {
        priority = parseClassid(args.next());
        if (priority === undefined) throw new ParseFail('Illegal priority\n');
        ok++;
      } else if (m(a, 'mark')) {
        const [v, msk] = args.next().split('/', 2) as [string, string | undefined];
        mark = u32(v);
        if (mark === undefined) throw new ParseFail('Illegal mark\n');
        if (msk !== undefined) {
          mask = u32(msk);
          if (mask === undefined) throw new ParseFail('Illegal mask\n');
        }
        ok++;
      } else if (m(a, 'ptype')) {
        const w = args.next();
        const i = ['host', 'broadcast', 'multicast', 'otherhost'].findIndex((t) => m(w, t));
        if (i < 0) throw new ParseFail(`Illegal ptype (${w})\n`);
        ptype = i;
        ok++;
      } else if (m(a, 'inheritdsfield')) {
        flags |= SKBEDIT_F_INHERITDSFIELD;
        ok++;
      } else if (m(a, 'help')) throw new CliExit(255, printed.join('') + SKBEDIT_USAGE);
      else break;
      args.shift();
    }
    const parms = { index: 0, capab: 0, action: controlDflt(args, TC_ACT_PIPE), refcnt: 0, bindcnt: 0 };
    if (args.more && m(args.cur, 'index')) {
      parms.index = parseIndex(args, 'skbedit');
      ok++;
    }
    if (!ok) throw new ParseFail(SKBEDIT_USAGE);
    const o = new OrderedAttrs(skbeditAttrs).add('parms', parms);
    if (queueMapping !== undefined) o.add('queueMapping', queueMapping);
    if (priority !== undefined) o.add('priority', priority);
    if (mark !== undefined) o.add('mark', mark);
    if (mask !== undefined) o.add('mask', mask);
    if (ptype !== undefined) o.add('ptype', ptype);
    if (flags) o.add('flags', flags);
    return o.done();
  },
};

/** print_skbedit */
export const printSkbedit: ActionPrinter = (p, o, ctx) => {
  p.string(PRINT_ANY, 'kind', '%s ', 'skbedit');
  if (!o) return;
  const parms = o.parms as { index: number; action: number; refcnt: number; bindcnt: number };
  if (o.queueMapping !== undefined) p.uint(PRINT_ANY, 'queue_mapping', 'queue_mapping %u', Number(o.queueMapping));
  if (o.priority !== undefined) p.string(PRINT_ANY, 'priority', ' priority %s', formatClassid(Number(o.priority)));
  if (o.mark !== undefined) p.uint(PRINT_ANY, 'mark', ' mark %u', Number(o.mark));
  if (o.mask !== undefined) p.hex(PRINT_ANY, 'mask', '/%#x', Number(o.mask));
  if (o.ptype !== undefined) {
    const t = PTYPES[Number(o.ptype)];
    if (t) p.string(PRINT_ANY, 'ptype', ' ptype %s', t);
    else p.uint(PRINT_ANY, 'ptype', ' ptype %u', Number(o.ptype));
  }
  if (o.flags !== undefined && BigInt(o.flags as bigint) & SKBEDIT_F_INHERITDSFIELD) p.null(PRINT_ANY, 'inheritdsfield', ' %s', 'inheritdsfield');
  printActionControl(p, ' ', parms.action, '');
  p.nl();
  printGen(p, parms, '\t ');
  if (ctx.opts.stats) printTm(p, o.tm);
  p.nl();
};

registerActionPrinter('vlan', printVlan);
registerActionPrinter('skbedit', printSkbedit);
