/**
 * How pure-tc prints the tunnel_key and csum actions (iproute2 tc/m_tunnel_key.c print_tunnel_key,
 * tc/m_csum.c print_csum). pure-tc does not add these actions yet: it prints what tc or another
 * program attached.
 */
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../../format/printer.js';
import { printActionControl, printTm, registerActionPrinter, type ActionPrinter } from '../action-print.js';
import { be32, table, u32, u8 } from '../nla-bytes.js';
import { geneveOption } from '../geneve-option.js';

interface GenParms {
  index: number;
  action: number;
  refcnt: number;
  bindcnt: number;
}

/** tunnel_key_print_geneve_options: `class:type:data` joined by commas (text), objects (JSON). */
function geneveOpts(p: Printer, attr: Uint8Array): void {
  const name = 'geneve_opts';
  p.openArray(PRINT_JSON, name);
  p.nl();
  p.string(PRINT_FP, name, '\t%s ', name);
  let rest = attr;
  while (rest.length) {
    const option = geneveOption(p, rest);
    rest = option.rest;
    p.string(PRINT_FP, null, rest.length ? '%s,' : '%s', option.text);
  }
  p.closeArray(PRINT_JSON, name);
}

/** tunnel_key_print_key_opt: TCA_TUNNEL_KEY_ENC_OPTS_GENEVE (1), VXLAN (2), ERSPAN (3). */
function keyOpts(p: Printer, attr: Uint8Array | undefined): void {
  if (!attr) return;
  const t = table(attr);
  const geneve = t.get(1);
  const vxlan = t.get(2);
  const erspan = t.get(3);
  if (geneve) geneveOpts(p, geneve);
  else if (vxlan) {
    p.nl();
    p.string(PRINT_FP, 'vxlan_opts', '\t%s ', 'vxlan_opts');
    p.openArray(PRINT_JSON, 'vxlan_opts');
    p.openObject(null);
    // TCA_TUNNEL_KEY_ENC_OPT_VXLAN_GBP (1, u32)
    p.uint(PRINT_ANY, 'gbp', '%u', u32(table(vxlan).get(1)));
    p.closeObject();
    p.closeArray(PRINT_JSON, 'vxlan_opts');
  } else if (erspan) {
    // TCA_TUNNEL_KEY_ENC_OPT_ERSPAN_VER (1), INDEX (2, be32), DIR (3), HWID (4)
    const e = table(erspan);
    const ver = u8(e.get(1));
    p.nl();
    p.string(PRINT_FP, 'erspan_opts', '\t%s ', 'erspan_opts');
    p.openArray(PRINT_JSON, 'erspan_opts');
    p.openObject(null);
    p.uint(PRINT_ANY, 'ver', '%u', ver);
    p.uint(PRINT_ANY, 'index', ':%u', ver === 1 ? be32(e.get(2)) : 0);
    p.uint(PRINT_ANY, 'dir', ':%u', ver === 1 ? 0 : u8(e.get(3)));
    p.uint(PRINT_ANY, 'hwid', ':%u', ver === 1 ? 0 : u8(e.get(4)));
    p.closeObject();
    p.closeArray(PRINT_JSON, 'erspan_opts');
  }
}

/** print_tunnel_key */
const printTunnelKey: ActionPrinter = (p, o, ctx) => {
  p.string(PRINT_ANY, 'kind', '%s ', 'tunnel_key');
  if (!o) return;
  const parms = o.parms as GenParms & { tAction: string | number };
  if (parms.tAction === 'release' || parms.tAction === 2) p.string(PRINT_ANY, 'mode', ' %s', 'unset');
  else if (parms.tAction === 'set' || parms.tAction === 1) {
    p.string(PRINT_ANY, 'mode', ' %s', 'set');
    for (const [key, value] of [['src_ip', o.encIpv4Src], ['dst_ip', o.encIpv4Dst], ['src_ip', o.encIpv6Src], ['dst_ip', o.encIpv6Dst]] as const) {
      if (value === undefined) continue;
      p.nl();
      p.string(PRINT_ANY, key, `\t${key} %s`, String(value));
    }
    if (o.encKeyId !== undefined) {
      p.nl();
      p.uint(PRINT_ANY, 'key_id', '\tkey_id %u', Number(o.encKeyId));
    }
    if (o.encDstPort !== undefined) {
      p.nl();
      p.uint(PRINT_ANY, 'dst_port', '\tdst_port %u', Number(o.encDstPort));
    }
    keyOpts(p, o.encOpts as Uint8Array | undefined);
    if (o.noCsum !== undefined) {
      p.nl();
      p.string(PRINT_ANY, 'flag', '\t%s', Number(o.noCsum) ? 'nocsum' : 'csum');
    }
    if (o.encTos !== undefined && Number(o.encTos) !== 0) {
      p.nl();
      p.uint(PRINT_ANY, 'tos', '\ttos 0x%x', Number(o.encTos));
    }
    if (o.encTtl !== undefined && Number(o.encTtl) !== 0) {
      p.nl();
      p.uint(PRINT_ANY, 'ttl', '\tttl %u', Number(o.encTtl));
    }
  }
  printActionControl(p, ' ', parms.action, '');
  p.nl();
  p.uint(PRINT_ANY, 'index', '\t index %u', parms.index);
  p.int(PRINT_ANY, 'ref', ' ref %d', parms.refcnt);
  p.int(PRINT_ANY, 'bind', ' bind %d', parms.bindcnt);
  if (ctx.opts.stats) printTm(p, o.tm);
  p.nl();
};

/** TCA_CSUM_UPDATE_FLAG_* in print_csum's order, iph first. */
const CSUM_FLAGS = ['iph', 'icmp', 'igmp', 'tcp', 'udp', 'udplite', 'sctp'];

/** print_csum */
const printCsum: ActionPrinter = (p, o, ctx) => {
  p.string(PRINT_ANY, 'kind', '%s ', 'csum');
  if (!o) return;
  const parms = o.parms as GenParms & { updateFlags: string[] };
  const set = CSUM_FLAGS.filter((f) => parms.updateFlags.includes(f));
  p.string(PRINT_ANY, 'csum', '(%s) ', set.length ? set.join(', ') : '?empty');
  printActionControl(p, 'action ', parms.action, p.SL);
  p.uint(PRINT_ANY, 'index', '\tindex %u', parms.index);
  p.int(PRINT_ANY, 'ref', ' ref %d', parms.refcnt);
  p.int(PRINT_ANY, 'bind', ' bind %d', parms.bindcnt);
  if (ctx.opts.stats) printTm(p, o.tm);
  p.nl();
};

registerActionPrinter('tunnel_key', printTunnelKey);
registerActionPrinter('csum', printCsum);
