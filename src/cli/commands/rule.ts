/**
 * `ip rule` (ip/iprule.c): add / delete / show / flush.
 */
import { matches } from '../args.js';
import { Args } from '../args.js';
import { CliExit, CommandFailed, invarg } from '../errors.js';
import { formatContext, newPrinter, type Env } from '../env.js';
import { AF_INET, AF_INET6, AF_UNSPEC, dsfieldA2n, groupA2n, rtntypeA2n, rtprotA2n, rttableA2n } from '../format/names.js';
import { getAddr1, getUnsigned, prefixAddrText } from '../format/prefix.js';
import { printRule, ruleMatches, type RuleFilter } from '../format/rule.js';
import { getPrefixOrExit } from './addr-words.js';
import { apiCall, getU64, ipprotoA2n, mapApiError, parseRealms } from './common.js';
import { RULE_USAGE } from '../usage.js';
export { RULE_USAGE };


const usage = (): never => {
  throw new CliExit(255, RULE_USAGE);
};

function portRange(s: string): { start: number; end: number } | undefined {
  const m = /^(\d+)(?:-(\d+))?/.exec(s);
  if (!m) return undefined;
  return { start: Number(m[1]) & 0xffff, end: Number(m[2] ?? m[1]) & 0xffff };
}

async function ruleModify(env: Env, del: boolean, argv: string[]): Promise<number> {
  if (argv.length === 0) throw new CommandFailed(-1, `"ip rule ${del ? 'del' : 'add'}" requires arguments.\n`);
  let family = env.opts.family;
  const o: Record<string, unknown> = {};
  let tableOk = false;
  let l3mdev = false;
  let tid = 0;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'not') o.not = true;
    else if (w === 'from' || w === 'to') {
      a.next();
      const p = getPrefixOrExit(a.cur, family);
      if (family === AF_UNSPEC) family = p.family;
      o[w] = p.special ? 'all' : `${prefixAddrText(p)}/${p.bitlen}`;
    } else if (matches(w, 'preference') || matches(w, 'order') || matches(w, 'priority')) {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('preference value is invalid\n', a.cur);
      o.priority = v;
    } else if (w === 'tos' || matches(w, 'dsfield')) {
      a.next();
      const t = dsfieldA2n(a.cur);
      if (t === undefined) invarg('TOS value is invalid\n', a.cur);
      o.tos = t;
    } else if (w === 'fwmark') {
      a.next();
      const [m, mask] = a.cur.split('/');
      const v = getUnsigned(m, 0);
      if (v === undefined) invarg('fwmark value is invalid\n', m!);
      o.fwmark = v;
      if (mask !== undefined) {
        const mv = getUnsigned(mask, 0);
        if (mv === undefined) invarg('fwmask value is invalid\n', mask);
        o.fwmask = mv;
      }
    } else if (matches(w, 'realms')) {
      a.next();
      const r = parseRealms(a.cur);
      if (r === undefined) invarg('invalid realms\n', a.cur);
      o.realms = r;
    } else if (matches(w, 'protocol')) {
      a.next();
      const pr = rtprotA2n(a.cur);
      if (pr === undefined) invarg('"protocol" value is invalid\n', a.cur);
      o.protocol = pr;
    } else if (matches(w, 'tun_id')) {
      a.next();
      const v = getU64(a.cur);
      if (v === undefined) invarg('"tun_id" value is invalid\n', a.cur);
      o.tunId = v;
    } else if (matches(w, 'table') || w === 'lookup') {
      a.next();
      const t = rttableA2n(a.cur);
      if (t === undefined) invarg('invalid table ID\n', a.cur);
      o.table = t;
      tid = t;
      tableOk = true;
    } else if (matches(w, 'suppress_prefixlength') || w === 'sup_pl') {
      a.next();
      const v = getUnsigned(a.cur, 0, 0x7fffffff);
      if (v === undefined) invarg('suppress_prefixlength value is invalid\n', a.cur);
      o.suppressPrefixlen = v;
    } else if (matches(w, 'suppress_ifgroup') || w === 'sup_group') {
      a.next();
      const g = groupA2n(a.cur);
      if (g === undefined) invarg('Invalid "suppress_ifgroup" value\n', a.cur);
      o.suppressIfgroup = g >>> 0;
    } else if (w === 'dev' || w === 'iif') {
      a.next();
      if (!a.cur || /[/\s]/.test(a.cur) || Buffer.byteLength(a.cur) >= 16) invarg('"iif"/"dev" not a valid ifname', a.cur);
      o.iif = a.cur;
    } else if (w === 'oif') {
      a.next();
      if (!a.cur || /[/\s]/.test(a.cur) || Buffer.byteLength(a.cur) >= 16) invarg('"oif" not a valid ifname', a.cur);
      o.oif = a.cur;
    } else if (w === 'l3mdev') {
      o.l3mdev = true;
      l3mdev = true;
      tableOk = true;
    } else if (w === 'uidrange') {
      a.next();
      const m = /^(\d+)-(\d+)/.exec(a.cur);
      if (!m) invarg('invalid UID range\n', a.cur);
      o.uidRange = { start: Number(m[1]), end: Number(m[2]) };
    } else if (w === 'nat' || matches(w, 'map-to')) {
      a.next();
      env.io.stderr('Warning: route NAT is deprecated\n');
      const p = getAddr1(a.cur, AF_INET);
      if (!p) throw new CliExit(1, `Error: an IP address is expected rather than "${a.cur}"\n`);
      o.nat = prefixAddrText(p);
    } else if (w === 'ipproto') {
      a.next();
      const v = ipprotoA2n(a.cur);
      if (v === undefined) invarg('Invalid "ipproto" value\n', a.cur);
      o.ipProto = v;
    } else if (w === 'sport' || w === 'dport') {
      a.next();
      const r = portRange(a.cur);
      if (!r) invarg(w === 'sport' ? 'invalid port range\n' : 'invalid dport range\n', a.cur);
      o[w === 'sport' ? 'sportRange' : 'dportRange'] = r;
    } else {
      if (w === 'type') a.next();
      if (matches(a.cur, 'help')) usage();
      else if (matches(a.cur, 'goto')) {
        a.next();
        const t = getUnsigned(a.cur, 0);
        if (t === undefined) invarg('invalid target\n', a.cur);
        o.action = 'goto';
        o.goto = t;
      } else if (matches(a.cur, 'nop')) o.action = 'nop';
      else {
        const t = rtntypeA2n(a.cur);
        if (t === undefined) invarg('Failed to parse rule type', a.cur);
        o.action = t === 6 ? 'blackhole' : t === 7 ? 'unreachable' : t === 8 ? 'prohibit' : t === 1 ? 'to_tbl' : t;
      }
      tableOk = true;
    }
    a.shift();
  }
  if (l3mdev && tid !== 0) throw new CommandFailed(-22, 'table can not be specified for l3mdev rules\n');
  o.family = family === AF_INET6 ? 6 : 4;
  // Without a table word or an action, iproute2 adds the rule to main (nat and l3mdev included).
  if (!tableOk && !del && o.table === undefined) o.table = 254;
  if (o.l3mdev && o.table === 0) delete o.table;
  const h = await env.handle();
  await apiCall(() => (del ? h.rule.delete(o) : h.rule.add(o)));
  return 0;
}

export function parseRuleList(argv: readonly string[], family: number): RuleFilter {
  const af = family === AF_UNSPEC ? AF_INET : family;
  const f: RuleFilter = {};
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'preference') || matches(w, 'order') || matches(w, 'priority')) {
      a.next();
      const v = getUnsigned(a.cur, 0);
      if (v === undefined) invarg('preference value is invalid\n', a.cur);
      f.pref = v;
      f.prefmask = 1;
    } else if (w === 'not') f.not = true;
    else if (w === 'tos' || w === 'dsfield') {
      a.next();
      const t = dsfieldA2n(a.cur);
      if (t === undefined) invarg('TOS value is invalid\n', a.cur);
      f.tos = t;
      f.tosmask = 1;
    } else if (w === 'fwmark') {
      a.next();
      const [m, mask] = a.cur.split('/');
      const v = getUnsigned(m, 0);
      if (v === undefined) invarg('fwmark value is invalid\n', m!);
      f.fwmark = v;
      if (mask !== undefined) {
        const mv = getUnsigned(mask, 0);
        if (mv === undefined) invarg('fwmask value is invalid\n', mask);
        f.fwmask = mv;
      }
    } else if (w === 'dev' || w === 'iif') {
      a.next();
      f.iif = a.cur;
    } else if (w === 'oif') {
      a.next();
      f.oif = a.cur;
    } else if (w === 'l3mdev') f.l3mdev = true;
    else if (w === 'uidrange') {
      a.next();
      const m = /^(\d+)-(\d+)/.exec(a.cur);
      if (!m) invarg('invalid UID range\n', a.cur);
      f.uidrange = { start: Number(m[1]), end: Number(m[2]) };
    } else if (matches(w, 'tun_id')) {
      a.next();
      f.tunId = BigInt(getUnsigned(a.cur, 0, Number.MAX_SAFE_INTEGER) ?? invarg('"tun_id" value is invalid\n', a.cur));
    } else if (matches(w, 'lookup') || matches(w, 'table')) {
      a.next();
      const t = rttableA2n(a.cur);
      if (t === undefined) invarg('table id value is invalid\n', a.cur);
      f.tb = t;
    } else if (matches(w, 'from') || matches(w, 'src')) {
      a.next();
      f.src = getPrefixOrExit(a.cur, af);
    } else if (matches(w, 'protocol')) {
      a.next();
      const pr = rtprotA2n(a.cur);
      if (pr === undefined && a.cur !== 'all') invarg('invalid "protocol"\n', a.cur);
      if (pr !== undefined) f.protocol = pr;
    } else if (w === 'ipproto') {
      a.next();
      const v = ipprotoA2n(a.cur);
      if (v === undefined) invarg('Invalid "ipproto" value\n', a.cur);
      f.ipproto = v;
    } else if (w === 'sport' || w === 'dport') {
      a.next();
      const r = portRange(a.cur);
      if (!r) invarg(w === 'sport' ? 'invalid port range\n' : 'invalid dport range\n', a.cur);
      f[w] = r;
    } else {
      if (matches(w, 'dst') || matches(w, 'to')) a.next();
      f.dst = getPrefixOrExit(a.cur, af);
    }
    a.shift();
  }
  return f;
}

async function ruleList(env: Env, argv: string[], flush: boolean): Promise<number> {
  const f = parseRuleList(argv, env.opts.family);
  const af = env.opts.family === AF_UNSPEC ? AF_INET : env.opts.family;
  const h = await env.handle();
  const list = await apiCall(() => h.rule.list({ family: af === AF_INET6 ? 6 : 4 }));
  const msgs = list.map((r) => r.raw);
  const ctx = formatContext(env, [], { family: af });
  if (flush) {
    // iproute2's flush_rule: every rule of the dump that matches and has a priority, sent back as RTM_DELRULE.
    try {
      await h.rule.flush({
        family: af === AF_INET6 ? 6 : 4,
        ...(f.protocol !== undefined ? { protocol: f.protocol } : {}),
        filter: (r) => ruleMatches(r.raw, ctx, f),
      });
    } catch (e) {
      const m = mapApiError(e);
      if (m instanceof CommandFailed) throw new CommandFailed(-1, `${m.stderr}Dump terminated\n`);
      throw m;
    }
    return 0;
  }
  const p = newPrinter(env);
  p.startDocument();
  for (const m of msgs) printRule(p, m, ctx, { filter: f });
  p.endDocument();
  env.io.stdout(p.take());
  return 0;
}

export async function doRule(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return ruleList(env, [], false);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'list') || matches(w, 'lst') || matches(w, 'show')) return ruleList(env, rest, false);
  if (matches(w, 'save') || matches(w, 'restore')) throw new CommandFailed(-1, `pure-ip: "ip rule ${w}" is not supported\n`);
  if (matches(w, 'add')) return ruleModify(env, false, rest);
  if (matches(w, 'delete')) return ruleModify(env, true, rest);
  if (matches(w, 'flush')) return ruleList(env, rest, true);
  if (matches(w, 'help')) usage();
  throw new CliExit(255, `Command "${w}" is unknown, try "ip rule help".\n`);
}
