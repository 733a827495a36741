/**
 * The words of `ip route ... encap TYPE ...` (iproute2's ip/iproute_lwtunnel.c, lwt_parse_encap):
 * mpls, seg6, ip, ip6 and xfrm into the API's RouteEncap options.
 */
import { Args } from '../args.js';
import { CliExit, CommandFailed, duparg2, invarg } from '../errors.js';
import { AF_INET, AF_INET6, dsfieldA2n } from '../format/names.js';
import { getUnsigned, prefixAddrText } from '../format/prefix.js';
import { getAddrOrExit } from './addr-words.js';
import { getU64 } from './common.js';

/**
 * lwt_parse_encap for the types the API builds (mpls, seg6); leaves `a` on the last word used.
 * Others are reported as unsupported.
 */
export function parseEncap(a: Args): Record<string, unknown> {
  a.next();
  const TYPES = ['mpls', 'ip', 'ila', 'ip6', 'seg6', 'bpf', 'seg6local', 'rpl', 'ioam6', 'xfrm'];
  const type = a.cur;
  if (!TYPES.includes(type)) invarg('"encap type" value is invalid\n', type);
  a.next();
  if (a.count <= 1) throw new CliExit(255, 'Error: unexpected end of line after "encap"\n');
  if (type === 'mpls') {
    const labels = parseMplsStack(a.cur);
    if (!labels) throw new CliExit(1, `Error: mpls address is expected rather than "${a.cur}".\n`);
    const e: Record<string, unknown> = { type: 'mpls', labels };
    let ttlOk = false;
    while (a.peek() === 'ttl') {
      a.shift();
      a.next();
      if (ttlOk) duparg2('ttl', a.cur);
      ttlOk = true;
      const t = getUnsigned(a.cur, 0, 255);
      if (t === undefined) invarg('"ttl" value is invalid\n', a.cur);
      e.ttl = t;
    }
    return e;
  }
  if (type === 'seg6') {
    const MODES = ['inline', 'encap', 'l2encap', 'encap.red', 'l2encap.red'];
    let mode = -1;
    let modeOk = false;
    let segsOk = false;
    let hmacOk = false;
    let segs = '';
    let hmac = 0;
    for (;;) {
      const w = a.cur;
      if (w === 'mode') {
        a.next();
        if (modeOk) duparg2('mode', a.cur);
        modeOk = true;
        mode = MODES.indexOf(a.cur);
        if (mode < 0) invarg('"mode" value is invalid\n', a.cur);
      } else if (w === 'segs') {
        a.next();
        if (segsOk) duparg2('segs', a.cur);
        segsOk = true;
        if (mode === -1) invarg('"segs" provided before "mode"\n', a.cur);
        segs = a.cur;
      } else if (w === 'hmac') {
        a.next();
        if (hmacOk) duparg2('hmac', a.cur);
        hmacOk = true;
        hmac = getUnsigned(a.cur, 0) ?? 0;
      } else {
        a.prev();
        break;
      }
      if (!a.nextOk()) break;
      a.shift();
    }
    const list = segs.split(',').map((x) => prefixAddrText(getAddrOrExit(x, AF_INET6)));
    return { type: 'seg6', mode: MODES[mode] ?? 'inline', segs: list, ...(hmac ? { hmac } : {}) };
  }
  if (type === 'ip' || type === 'ip6') return parseEncapIp(a, type);
  if (type === 'xfrm') return parseEncapXfrm(a);
  throw new CommandFailed(-1, `pure-ip: "encap ${type}" is not supported\n`);
}

/**
 * parse_encap_ip / parse_encap_ip6: id, dst, src, ttl|hoplimit, tos|tc in command-line order
 * (ip sends the attributes in that order), then key/csum/seq as one flags word. ip's geneve_opts,
 * vxlan_opts and erspan_opts are refused rather than ignored.
 */
function parseEncapIp(a: Args, type: 'ip' | 'ip6'): Record<string, unknown> {
  const v6 = type === 'ip6';
  const e: Record<string, unknown> = { type };
  const seen = new Set<string>();
  const once = (word: string, key: string): void => {
    if (seen.has(key)) duparg2(word, a.cur);
    seen.add(key);
  };
  for (;;) {
    const w = a.cur;
    if (w === 'id') {
      a.next();
      once('id', 'id');
      const id = getU64(a.cur);
      if (id === undefined) invarg('"id" value is invalid\n', a.cur);
      e.id = id;
    } else if (w === 'dst' || w === 'src') {
      a.next();
      once(w, w);
      e[w] = prefixAddrText(getAddrOrExit(a.cur, v6 ? AF_INET6 : AF_INET));
    } else if (w === (v6 ? 'tc' : 'tos')) {
      a.next();
      once(w, 'tos');
      const tos = dsfieldA2n(a.cur);
      if (tos === undefined) invarg(`"${w}" value is invalid\n`, a.cur);
      e[v6 ? 'tc' : 'tos'] = tos;
    } else if (w === (v6 ? 'hoplimit' : 'ttl')) {
      a.next();
      once(w, 'ttl');
      const ttl = getUnsigned(a.cur, 0, 255);
      if (ttl === undefined) invarg(`"${w}" value is invalid\n`, a.cur);
      e[v6 ? 'hoplimit' : 'ttl'] = ttl;
    } else if (w === 'key' || w === 'csum' || w === 'seq') {
      once(w, w);
      e[w] = true;
    } else if (w === 'geneve_opts' || w === 'vxlan_opts' || w === 'erspan_opts') {
      throw new CommandFailed(-1, `pure-ip: "encap ${type} ${w}" is not supported\n`);
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  return e;
}

/** parse_encap_xfrm: `if_id N` (required, not 0) and `link_dev DEV`. */
function parseEncapXfrm(a: Args): Record<string, unknown> {
  const e: Record<string, unknown> = { type: 'xfrm' };
  for (;;) {
    const w = a.cur;
    if (w === 'if_id') {
      a.next();
      if (e.ifId !== undefined) duparg2('if_id', a.cur);
      const id = getUnsigned(a.cur, 0);
      if (id === undefined || id === 0) invarg('"if_id" value is invalid\n', a.cur);
      e.ifId = id;
    } else if (w === 'link_dev') {
      a.next();
      if (e.linkDev !== undefined) duparg2('link_dev', a.cur);
      e.linkDev = a.cur;
    } else if (w === 'help') {
      throw new CliExit(255, XFRM_ENCAP_USAGE);
    } else {
      a.prev();
      break;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (e.ifId === undefined) throw new CliExit(255, XFRM_ENCAP_USAGE);
  return e;
}

/** lwt_xfrm_usage(): on stderr, exit 255 (ip's exit(-1)). */
const XFRM_ENCAP_USAGE = 'Usage: ip route ... encap xfrm if_id IF_ID [ link_dev LINK ]\n';

/** An MPLS label stack "100/200" (get_addr for AF_MPLS). */
function parseMplsStack(s: string): number[] | undefined {
  const parts = s.split('/');
  const out: number[] = [];
  for (const p of parts) {
    const v = getUnsigned(p, 0);
    if (v === undefined || v > 0xfffff) return undefined;
    out.push(v);
  }
  return out.length ? out : undefined;
}

