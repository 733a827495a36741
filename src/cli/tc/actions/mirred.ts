/** pure-tc's mirred action (iproute2 tc/m_mirred.c): `mirred egress|ingress mirror|redirect dev DEV [index N]`. */
import { CliExit, duparg } from '../../errors.js';
import type { Args } from '../../args.js';
import { mirredAttrs } from '../../../rtnl/tc/index.js';
import { TC_ACT_PIPE, TC_ACT_STOLEN } from '../../../rtnl/tc/constants.js';
import { OrderedAttrs } from '../ordered.js';
import { ParseFail, parseActionControl } from './control.js';
import type { ActionCli } from '../action.js';

const EXPLAIN = `Usage: mirred <DIRECTION> <ACTION> [index INDEX] <dev DEVICENAME>
where:
\tDIRECTION := <ingress | egress>
\tACTION := <mirror | redirect>
\tINDEX  is the specific policy instance id
\tDEVICENAME is the devicename
`;
const m = (word: string, full: string) => word !== '' && full.startsWith(word);
const EGRESS_REDIR = 1, EGRESS_MIRROR = 2, INGRESS_REDIR = 3, INGRESS_MIRROR = 4;

export const mirredCli: ActionCli = {
  async parse(args: Args, printed: string[], index) {
    if (!m(args.cur, 'mirred')) throw new ParseFail(`mirred bad argument ${args.cur}\n`);
    args.next();
    if (!(m(args.cur, 'egress') || m(args.cur, 'ingress') || m(args.cur, 'index'))) {
      if (m(args.cur, 'help')) throw new CliExit(255, printed.join('') + EXPLAIN);
      throw new ParseFail(`mirred option not supported ${args.cur}\n`);
    }
    // parse_direction
    let ok = 0, iok = 0, mirror = false, redir = false, ingress = false, egress = false;
    const p = { index: 0, capab: 0, action: 0, refcnt: 0, bindcnt: 0, eaction: 0, ifindex: 0 };
    let dev = '';
    let out = '';
    while (args.more) {
      const a = args.cur;
      if (m(a, 'action')) {
        args.next();
        break;
      } else if (!egress && m(a, 'egress')) {
        egress = true;
        if (ingress) throw new ParseFail(`${out}Can't have both egress and ingress\n`);
        args.next();
        ok++;
        continue;
      } else if (!ingress && m(a, 'ingress')) {
        ingress = true;
        if (egress) throw new ParseFail(`${out}Can't have both ingress and egress\n`);
        args.next();
        ok++;
        continue;
      } else if (m(a, 'index')) {
        args.next();
        if (!/^\d+$/.test(args.cur) || Number(args.cur) > 0xffffffff) throw new ParseFail(`${out}Illegal "index"\n`);
        p.index = Number(args.cur);
        iok++;
        if (!ok) {
          args.shift();
          break;
        }
      } else if (!ok) {
        out += `was expecting egress or ingress (${a})\n`;
        break;
      } else if (!mirror && m(a, 'mirror')) {
        mirror = true;
        if (redir) throw new ParseFail(`${out}Can't have both mirror and redir\n`);
        p.eaction = egress ? EGRESS_MIRROR : INGRESS_MIRROR;
        p.action = TC_ACT_PIPE;
        ok++;
      } else if (!redir && m(a, 'redirect')) {
        redir = true;
        if (mirror) throw new ParseFail(`${out}Can't have both mirror and redir\n`);
        p.eaction = egress ? EGRESS_REDIR : INGRESS_REDIR;
        p.action = TC_ACT_STOLEN;
        ok++;
      } else if ((redir || mirror) && m(a, 'dev')) {
        args.next();
        if (dev) duparg('dev', args.cur);
        dev = args.cur;
        args.shift();
        break;
      }
      args.next();
    }
    if (!ok && !iok) throw new ParseFail(out);
    if (dev) {
      try {
        p.ifindex = await index(dev);
      } catch {
        throw new ParseFail(`${out}Cannot find device "${dev}"\n`);
      }
    }
    if (p.eaction === EGRESS_MIRROR || p.eaction === INGRESS_MIRROR) {
      const at = args.save();
      try {
        p.action = parseActionControl(args, false, true);
      } catch (e) {
        if (!(e instanceof ParseFail)) throw e;
        args.restore(at);
        p.action = TC_ACT_PIPE;
      }
    }
    if (args.more) {
      if (iok && m(args.cur, 'index')) throw new ParseFail(`${out}mirred: Illegal double index\n`);
      if (m(args.cur, 'index')) {
        args.next();
        if (!/^\d+$/.test(args.cur) || Number(args.cur) > 0xffffffff) throw new ParseFail(`${out}mirred: Illegal "index"\n`);
        p.index = Number(args.cur);
        args.shift();
      }
    }
    printed.push(out);
    return new OrderedAttrs(mirredAttrs).add('parms', p).done();
  },
};
