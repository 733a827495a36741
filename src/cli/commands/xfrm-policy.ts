/**
 * `ip xfrm policy` (ip/xfrm_policy.c): add, update, delete, get, list, deleteall, flush, count.
 * The SPD settings (`set`, `setdefault`, `getdefault`) are not done.
 */
import { Args, matches } from '../args.js';
import { CliExit, duparg, duparg2, invarg, missarg } from '../errors.js';
import type { Env } from '../env.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../format/names.js';
import { printPolicy, printSpdInfo } from '../format/xfrm.js';
import { apiCall } from './common.js';
import type { XfrmPolicyIdOptions, XfrmPolicyOptions, XfrmSelectorOptions, XfrmTmplOptions } from '../../xfrm/requests.js';
import { fail, flagListWords, idWords, printJson, limitWords, markWords, modeWord, printOptions, selectorWords, u32Word, type Ctx } from './xfrm-words.js';

export const XFRM_POLICY_USAGE = `Usage: ip xfrm policy { add | update } SELECTOR dir DIR [ ctx CTX ]
\t[ mark MARK [ mask MASK ] ] [ index INDEX ] [ ptype PTYPE ]
\t[ action ACTION ] [ priority PRIORITY ] [ flag FLAG-LIST ]
\t[ if_id IF_ID ] [ LIMIT-LIST ] [ TMPL-LIST ]
Usage: ip xfrm policy { delete | get } { SELECTOR | index INDEX } dir DIR
\t[ ctx CTX ] [ mark MARK [ mask MASK ] ] [ ptype PTYPE ]
\t[ if_id IF_ID ]
Usage: ip xfrm policy { deleteall | list } [ nosock ] [ SELECTOR ] [ dir DIR ]
\t[ index INDEX ] [ ptype PTYPE ] [ action ACTION ] [ priority PRIORITY ]
\t[ flag FLAG-LIST ]
Usage: ip xfrm policy flush [ ptype PTYPE ]
Usage: ip xfrm policy count
Usage: ip xfrm policy set [ hthresh4 LBITS RBITS ] [ hthresh6 LBITS RBITS ]
Usage: ip xfrm policy setdefault DIR ACTION [ DIR ACTION ] [ DIR ACTION ]
Usage: ip xfrm policy getdefault
SELECTOR := [ src ADDR[/PLEN] ] [ dst ADDR[/PLEN] ] [ dev DEV ] [ UPSPEC ]
UPSPEC := proto { { tcp | udp | sctp | dccp } [ sport PORT ] [ dport PORT ] |
                  { icmp | ipv6-icmp | mobility-header } [ type NUMBER ] [ code NUMBER ] |
                  gre [ key { DOTTED-QUAD | NUMBER } ] | PROTO }
DIR := in | out | fwd
PTYPE := main | sub
ACTION := allow | block
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG := localok | icmp
LIMIT-LIST := [ LIMIT-LIST ] limit LIMIT
LIMIT := { time-soft | time-hard | time-use-soft | time-use-hard } SECONDS |
         { byte-soft | byte-hard } SIZE | { packet-soft | packet-hard } COUNT
TMPL-LIST := [ TMPL-LIST ] tmpl TMPL
TMPL := ID [ mode MODE ] [ reqid REQID ] [ level LEVEL ]
ID := [ src ADDR ] [ dst ADDR ] [ proto XFRM-PROTO ] [ spi SPI ]
XFRM-PROTO := esp | ah | comp | route2 | hao
MODE := transport | tunnel | beet | ro | in_trigger
LEVEL := required | use
`;

function dirWord(w: string): 'in' | 'out' | 'fwd' {
  if (w === 'in' || w === 'out' || w === 'fwd') return w;
  return invarg('DIR value is invalid', w);
}
function ptypeWord(w: string): 'main' | 'sub' {
  if (w === 'main' || w === 'sub') return w;
  return invarg('PTYPE value is invalid', w);
}
function actionWord(w: string): 'allow' | 'block' {
  if (w === 'allow' || w === 'block') return w;
  return invarg('ACTION value is invalid\n', w);
}
/** `flag FLAG-LIST` of `ip xfrm policy`. */
function policyFlagWords(a: Args): Array<'localok' | 'icmp' | number> {
  return flagListWords(a, ['localok', 'icmp'], 0xff, 'FLAG value is invalid');
}

function tmplWords(a: Args, ctx: Ctx): XfrmTmplOptions {
  const t: XfrmTmplOptions & { srcPlen?: number; dstPlen?: number } = {};
  let idSeen = false;
  const start = a.count;
  for (;;) {
    const w = a.cur;
    if (w === 'mode') t.mode = modeWord(a.next());
    else if (w === 'reqid') t.reqid = u32Word(a.next(), 'REQID value is invalid');
    else if (w === 'level') {
      const v = a.next();
      if (v === 'required' || v === 'use') t.level = v;
      else invarg('LEVEL value is invalid\n', v);
    } else {
      if (idSeen) {
        a.prev();
        break;
      }
      idSeen = true;
      const f = idWords(a, { family: AF_UNSPEC }, t, false);
      ctx.family = f;
    }
    if (!a.nextOk()) break;
    a.shift();
  }
  if (a.count === start) missarg('TMPL');
  delete t.srcPlen;
  delete t.dstPlen;
  return t;
}

/** What the words of `policy add|update` and `policy get|delete` give. */
interface PolicyWords {
  o: Partial<XfrmPolicyOptions> & { sel?: XfrmSelectorOptions & { dev?: string } };
  selSeen: boolean;
  indexSeen: boolean;
}

/**
 * The words of `policy add|update` (`modify`: ip's xfrm_policy_modify) or of `policy get|delete`
 * (ip's xfrm_policy_get_or_delete, which reads fewer of them: action, priority, flag, limit and
 * tmpl are selector words there, as in ip). DIR is required by both.
 */
function policyWords(env: Env, argv: string[], modify: boolean): PolicyWords {
  const ctx: Ctx = { family: env.opts.family };
  const o: PolicyWords['o'] = {};
  let dirSeen = false;
  let selSeen = false;
  let indexSeen = false;
  let ptypeSeen = false;
  let ctxSeen = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'dir') {
      if (dirSeen) duparg('dir', w);
      dirSeen = true;
      o.dir = dirWord(a.next());
    } else if (w === 'ctx') {
      if (ctxSeen) duparg('ctx', w);
      ctxSeen = true;
      a.next();
      fail(1, 'pure-ip: security contexts (ctx) are not supported\n');
    } else if (w === 'mark') o.mark = markWords(a);
    else if (w === 'index') {
      // get / delete refuse a second index; add / update take the last (as ip does).
      if (indexSeen && !modify) duparg('index', w);
      indexSeen = true;
      o.index = u32Word(a.next(), 'INDEX value is invalid');
    } else if (w === 'ptype') {
      if (ptypeSeen) duparg('ptype', w);
      ptypeSeen = true;
      o.ptype = ptypeWord(a.next());
    } else if (w === 'if_id') o.ifId = u32Word(a.next(), 'IF_ID value is invalid');
    else if (modify && w === 'action') o.action = actionWord(a.next());
    else if (modify && w === 'priority') o.priority = u32Word(a.next(), 'PRIORITY value is invalid');
    else if (modify && w === 'flag') {
      a.next();
      o.flags = [...(o.flags ?? []), ...policyFlagWords(a)];
    } else if (modify && w === 'limit') {
      a.next();
      limitWords(a, (o.limits ??= {}));
    } else if (modify && w === 'tmpl') {
      a.next();
      const t = tmplWords(a, ctx);
      (o.tmpl ??= []).push(t);
    } else {
      // A second selector: ip's modify says duparg, its get_or_delete invarg.
      if (selSeen) (modify ? duparg : invarg)('unknown', w);
      selSeen = true;
      const sel = selectorWords(a, ctx);
      if (ctx.family === AF_UNSPEC) ctx.family = sel.family;
      const { family: _f, ...rest } = sel;
      o.sel = rest;
    }
    a.shift();
  }
  if (!dirSeen) fail(1, 'Not enough information: DIR is required.\n');
  if (env.opts.family === AF_INET6 && !o.sel?.src && !o.sel?.dst) o.family = 6;
  return { o, selSeen, indexSeen };
}

async function policyModify(env: Env, update: boolean, argv: string[]): Promise<number> {
  const { o } = policyWords(env, argv, true);
  const h = await env.handle();
  const opts = o as XfrmPolicyOptions;
  await apiCall(() => (update ? h.xfrm.policy.update(opts) : h.xfrm.policy.add(opts)));
  return 0;
}

async function policyGetOrDelete(env: Env, del: boolean, argv: string[]): Promise<number> {
  const { o, selSeen, indexSeen } = policyWords(env, argv, false);
  if (!selSeen && !indexSeen) fail(1, 'Not enough information: either SELECTOR or INDEX is required.\n');
  if (selSeen && indexSeen) duparg2('SELECTOR', 'INDEX');
  const h = await env.handle();
  const opts = o as XfrmPolicyIdOptions;
  if (del) {
    await apiCall(() => h.xfrm.policy.delete(opts));
    return 0;
  }
  const p = (await apiCall(() => h.xfrm.policy.get(opts)));
  if (env.opts.json) {
    return printJson(env, p);
  }
  env.io.stdout(printPolicy(p.raw.header, p.raw.attrs, await printOptions(env, [p.raw])));
  return 0;
}

async function policyListArgs(env: Env, argv: string[]): Promise<Record<string, unknown>> {
  const ctx: Ctx = { family: env.opts.family };
  const filter: Record<string, unknown> = {};
  let selSeen = false;
  const a = new Args(argv);
  while (a.more) {
    const w = a.cur;
    if (w === 'dir') filter.dir = dirWord(a.next());
    else if (w === 'index') filter.index = u32Word(a.next(), 'INDEX value is invalid');
    else if (w === 'ptype') filter.ptype = ptypeWord(a.next());
    else if (w === 'action') filter.action = actionWord(a.next());
    else if (w === 'priority') filter.priority = u32Word(a.next(), 'PRIORITY value is invalid');
    else if (w === 'flag') {
      a.next();
      filter.flags = policyFlagWords(a);
    } else if (w === 'nosock') filter.nosock = true;
    else {
      if (selSeen) invarg('unknown', w);
      selSeen = true;
      const sel = selectorWords(a, ctx);
      if (ctx.family === AF_UNSPEC) ctx.family = sel.family;
      const { family: _f, dev, ...rest } = sel;
      const f: Record<string, unknown> = { ...rest };
      if (dev !== undefined && dev !== 'none') {
        const h = await env.handle();
        const l = (await apiCall(() => h.link.get(dev))) as { index: number };
        f.ifindex = l.index;
      } else if (dev === 'none') f.ifindex = 0;
      filter.sel = f;
    }
    a.shift();
  }
  if (env.opts.family === AF_INET) filter.family = 4;
  else if (env.opts.family === AF_INET6) filter.family = 6;
  return filter;
}

async function policyList(env: Env, argv: string[]): Promise<number> {
  const filter = await policyListArgs(env, argv);
  const h = await env.handle();
  const msgs = (await apiCall(() => h.xfrm.policy.messages(filter)));
  if (env.opts.json) {
    const { xfrmPolicyView } = await import('../../api/index.js');
    return printJson(env, msgs.map((m) => xfrmPolicyView(m)));
  }
  const opt = await printOptions(env, msgs);
  env.io.stdout(msgs.map((m) => printPolicy(m.header, m.attrs, opt)).join(''));
  return 0;
}

async function policyDeleteAll(env: Env, argv: string[]): Promise<number> {
  const filter = await policyListArgs(env, argv);
  const h = await env.handle();
  await apiCall(() => h.xfrm.policy.deleteAll(filter));
  return 0;
}

async function policyFlush(env: Env, argv: string[]): Promise<number> {
  let ptype: 'main' | 'sub' | undefined;
  const a = new Args(argv);
  while (a.more) {
    if (a.cur === 'ptype') {
      if (ptype !== undefined) duparg('ptype', a.cur);
      ptype = ptypeWord(a.next());
    } else invarg('unknown', a.cur);
    a.shift();
  }
  const h = await env.handle();
  await apiCall(() => h.xfrm.policy.flush(ptype));
  return 0;
}

async function policyCount(env: Env): Promise<number> {
  const h = await env.handle();
  const c = await apiCall(() => h.xfrm.policy.count());
  if (env.opts.json) {
    return printJson(env, c);
  }
  env.io.stdout(printSpdInfo({
    info: { incnt: c.in, outcnt: c.out, fwdcnt: c.fwd, inscnt: c.socketIn, outscnt: c.socketOut, fwdscnt: c.socketFwd },
    ...(c.hashBuckets !== undefined ? { hinfo: { spdhcnt: c.hashBuckets, spdhmcnt: c.maxHashBuckets ?? 0 } } : {}),
    ...(c.ipv4Hthresh ? { ipv4Hthresh: c.ipv4Hthresh } : {}),
    ...(c.ipv6Hthresh ? { ipv6Hthresh: c.ipv6Hthresh } : {}),
  }, env.opts.stats, env.opts.oneline));
  return 0;
}

export async function doPolicy(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) return policyList(env, []);
  const w = argv[0]!;
  const rest = argv.slice(1);
  if (matches(w, 'add')) return policyModify(env, false, rest);
  if (matches(w, 'update')) return policyModify(env, true, rest);
  if (matches(w, 'delete')) return policyGetOrDelete(env, true, rest);
  if (matches(w, 'deleteall') || matches(w, 'delall')) return policyDeleteAll(env, rest);
  if (matches(w, 'list') || matches(w, 'show') || matches(w, 'lst')) return policyList(env, rest);
  if (matches(w, 'get')) return policyGetOrDelete(env, false, rest);
  if (matches(w, 'flush')) return policyFlush(env, rest);
  if (matches(w, 'count')) return policyCount(env);
  if (matches(w, 'set') || matches(w, 'setdefault') || matches(w, 'getdefault')) fail(1, `pure-ip: "ip xfrm policy ${w}" is not supported\n`);
  if (matches(w, 'help')) throw new CliExit(255, XFRM_POLICY_USAGE);
  return fail(255, `Command "${w}" is unknown, try "ip xfrm policy help".\n`);
}
