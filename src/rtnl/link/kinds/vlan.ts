/**
 * 802.1Q / 802.1ad VLANs (IFLA_VLAN_* of linux/if_link.h; iproute2 ip/iplink_vlan.c).
 */
import { enumOf, flagsOf } from '../../../netlink/enums.js';
import { attrs, multi, struct } from '../../../netlink/schema.js';
import { be16, u16, u32 } from '../../../netlink/types.js';
import { VLAN_FLAG, VLAN_PROTOCOL } from '../constants.js';
import { checkInt } from '../../validate.js';
import { vlanProtoText } from './bridge.js';
import { matches } from './words.js';
import { defineKind, type DataOptions, type KindArgs, type KindParseContext, type KindPrint, type ValueOf } from './kind.js';
import { flagsNum, num, PRINT_ANY, PRINT_FP, PRINT_JSON } from './print.js';

/** struct ifla_vlan_flags */
export const vlanFlags = struct('ifla_vlan_flags', [
  ['flags', flagsOf(u32, VLAN_FLAG)],
  ['mask', u32],
]);

/** struct ifla_vlan_qos_mapping */
export const vlanQosMapping = struct('ifla_vlan_qos_mapping', [
  ['from', u32],
  ['to', u32],
]);

/** IFLA_VLAN_QOS_* (egress / ingress priority maps) */
export const vlanQosAttrs = attrs('IFLA_VLAN_QOS_', {
  mapping: [1, 'MAPPING', multi(vlanQosMapping)],
});

/** IFLA_VLAN_* */
export const vlanAttrs = attrs('IFLA_VLAN_', {
  id: [1, 'ID', u16],
  flags: [2, 'FLAGS', vlanFlags],
  egressQos: [3, 'EGRESS_QOS', vlanQosAttrs],
  ingressQos: [4, 'INGRESS_QOS', vlanQosAttrs],
  protocol: [5, 'PROTOCOL', enumOf(be16, VLAN_PROTOCOL)],
});


/** `ip link add NAME link PARENT type vlan id ID [protocol 802.1Q|802.1ad]` */
export interface VlanOptions {
  kind: 'vlan';
  /** Parent device (IFLA_LINK): name or ifindex. */
  link: string | number;
  /** IFLA_VLAN_ID, 0..4095 (required on add). */
  id?: number;
  /** IFLA_VLAN_PROTOCOL */
  protocol?: '802.1Q' | '802.1ad';
  /** Any other IFLA_VLAN_* attributes (flags, QoS maps). */
  data?: DataOptions<typeof vlanAttrs>;
}

/** iplink_vlan.c vlan_parse_opt */
function parse(a: KindArgs, ctx: KindParseContext): Partial<VlanOptions> {
  const out: Partial<VlanOptions> = {};
  const data: Record<string, unknown> = {};
  const flags = { flags: 0, mask: 0 };
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'protocol')) {
      a.next();
      const proto = a.cur.toLowerCase();
      if (proto !== '802.1q' && proto !== '802.1ad') ctx.invarg('protocol is invalid', a.cur);
      out.protocol = proto === '802.1q' ? '802.1Q' : '802.1ad';
    } else if (matches(w, 'id')) {
      a.next();
      out.id = ctx.unsigned(a.cur, 0xffff) ?? ctx.invarg('id is invalid', a.cur);
    } else if (FLAG_WORDS.some(([word]) => matches(w, word))) {
      const [word, bit] = FLAG_WORDS.find(([fw]) => matches(w, fw))!;
      a.next();
      if (a.cur !== 'on' && a.cur !== 'off') ctx.invarg(`${word} must be "on" or "off"`, a.cur);
      flags.mask |= bit;
      if (a.cur === 'on') flags.flags |= bit;
      else flags.flags &= ~bit;
    } else if (matches(w, 'ingress-qos-map') || matches(w, 'egress-qos-map')) {
      const key = matches(w, 'ingress-qos-map') ? 'ingressQos' : 'egressQos';
      const mapping: Array<{ from: number; to: number }> = [];
      // parse_qos_mapping: FROM:TO words until one is not a mapping
      while (a.nextOk()) {
        a.next();
        const m = /^(\d+):(\d+)$/.exec(a.cur);
        if (!m) {
          a.prev();
          break;
        }
        mapping.push({ from: Number(m[1]), to: Number(m[2]) });
      }
      data[key] = { mapping };
    } else if (matches(w, 'help')) ctx.usage();
    else ctx.usage(`vlan: unknown command "${w}"?\n`);
    a.shift();
  }
  if (flags.mask) data.flags = { flags: FLAG_ORDER.filter(([, bit]) => flags.flags & bit).map(([name]) => name.toLowerCase()), mask: flags.mask };
  if (Object.keys(data).length) out.data = data as DataOptions<typeof vlanAttrs>;
  if (ctx.create && out.id === undefined) ctx.fail('8021q: VLAN properties not specified\n');
  if (ctx.create && ctx.link === undefined) ctx.fail('link is required\n');
  return out;
}

/** IFLA_VLAN_FLAGS words (VLAN_FLAG_* of linux/if_vlan.h). */
const FLAG_WORDS: Array<[string, number]> = [['reorder_hdr', 1], ['gvrp', 2], ['loose_binding', 4], ['mvrp', 8], ['bridge_binding', 16]];

const FLAG_ORDER: Array<[string, number]> = [['REORDER_HDR', 1], ['GVRP', 2], ['MVRP', 8], ['LOOSE_BINDING', 4], ['BRIDGE_BINDING', 16]];

/** iplink_vlan.c vlan_print_opt */
const print: KindPrint<ValueOf<typeof vlanAttrs>> = (p, tb) => {
  if (!tb || tb.id === undefined) return;
  if (tb.protocol !== undefined) p.string(PRINT_ANY, 'protocol', 'protocol %s ', vlanProtoText(tb.protocol));
  else p.string(PRINT_ANY, 'protocol', 'protocol %s ', '802.1q');
  p.uint(PRINT_ANY, 'id', 'id %u ', num(tb.id));
  if (tb.flags !== undefined) {
    let flags = flagsNum(VLAN_FLAG, tb.flags.flags);
    p.openArray(PRINT_ANY, p.json ? 'flags' : '<');
    // iproute2's order: REORDER_HDR, GVRP, MVRP, LOOSE_BINDING, BRIDGE_BINDING
    for (const [name, bit] of FLAG_ORDER) {
      if (flags & bit) {
        flags &= ~bit;
        p.string(PRINT_ANY, null, flags ? '%s,' : '%s', name);
      }
    }
    if (flags) p.hex(PRINT_ANY, null, '%x', flags);
    p.closeArray(PRINT_ANY, '> ');
  }
  const map = (jsonName: string, fpName: string, q: ValueOf<typeof vlanQosAttrs> | undefined): void => {
    p.openArray(PRINT_JSON, jsonName);
    p.nl();
    p.string(PRINT_FP, null, '      %s { ', fpName);
    for (const m of q?.mapping ?? []) {
      if (p.json) {
        p.openObject(null);
        p.uint(PRINT_JSON, 'from', null, num(m.from));
        p.uint(PRINT_JSON, 'to', null, num(m.to));
        p.closeObject();
      } else p.fp('%u:%u ', num(m.from), num(m.to));
    }
    p.closeArray(PRINT_JSON, null);
    p.string(PRINT_FP, null, '%s ', '}');
  };
  if (tb.ingressQos !== undefined) map('ingress_qos', 'ingress-qos-map', tb.ingressQos);
  if (tb.egressQos !== undefined) map('egress_qos', 'egress-qos-map', tb.egressQos);
};

/**
 * The link kind module of vlan (802.1Q / 802.1ad): options to attributes for `link.add()`, the
 * schema of its IFLA_INFO_DATA (IFLA_VLAN_*), and how `ip -d link` prints it.
 */
export const vlan = defineKind<'vlan', VlanOptions, typeof vlanAttrs>({
  kinds: ['vlan'],
  data: vlanAttrs,
  optionKeys: ['id', 'protocol', 'data'],
  needsLink: true,
  encode(v, ctx) {
    const d: Record<string, unknown> = {};
    if (ctx.create || v.id !== undefined) {
      checkInt(v.id, 'id', 0, 4095);
      d.id = v.id;
    }
    if (v.protocol !== undefined) d.protocol = v.protocol;
    Object.assign(d, v.data ?? {});
    return Object.keys(d).length ? { data: d } : {};
  },
  parse,
  print,
  usage: () => USAGE,
});

const USAGE = "Usage: ... vlan id VLANID\n\t\t[ protocol VLANPROTO ]\n\t\t[ reorder_hdr { on | off } ]\n\t\t[ gvrp { on | off } ]\n\t\t[ mvrp { on | off } ]\n\t\t[ loose_binding { on | off } ]\n\t\t[ bridge_binding { on | off } ]\n\t\t[ ingress-qos-map QOS-MAP ]\n\t\t[ egress-qos-map QOS-MAP ]\n\nVLANID := 0-4095\nVLANPROTO: [ 802.1Q | 802.1ad ]\nQOS-MAP := [ QOS-MAP ] QOS-MAPPING\nQOS-MAPPING := FROM:TO\n";
