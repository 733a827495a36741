/**
 * `ip tuntap` (ip/iptuntap.c): add / del / show. The flags of `show` come from the link's
 * IFLA_TUN_* attributes (iproute2 reads /sys/class/net/DEV/tun_flags, owner, group: the same
 * values).
 */
import { readFileSync } from 'node:fs';
import { matches } from '../args.js';
import { Args } from '../args.js';
import { CliExit, CommandFailed, duparg2, invarg } from '../errors.js';
import { newPrinter, type Env } from '../env.js';
import type { LinkMessageBody } from '../../rtnl/link/attrs.js';
import { num } from '../format/context.js';
import { PRINT_ANY, PRINT_FP, PRINT_JSON, type Printer } from '../format/printer.js';
import { apiCall } from './common.js';
import { linkDump } from '../../rtnl/link/requests.js';
import { TUNTAP_USAGE } from '../usage.js';
export { TUNTAP_USAGE };


const IFF_TUN = 0x1;
const IFF_TAP = 0x2;
const IFF_NO_PI = 0x1000;
const IFF_ONE_QUEUE = 0x2000;
const IFF_VNET_HDR = 0x4000;
const IFF_MULTI_QUEUE = 0x100;
const IFF_PERSIST = 0x800;

function lookupName(file: string, name: string): number | undefined {
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name && f[2] !== undefined) return Number(f[2]);
    }
  } catch {
    /* no db */
  }
  return undefined;
}

interface TuntapArgs {
  name?: string;
  flags: number;
  uid?: number;
  gid?: number;
}

function parseArgs(argv: string[], withOwner: boolean): TuntapArgs {
  const r: TuntapArgs = { flags: IFF_NO_PI };
  const a = new Args(argv);
  const ifname = (v: string, what: string): string => {
    if (!v || /[/\s]/.test(v) || Buffer.byteLength(v) >= 16) invarg(`"${what}" not a valid ifname`, v);
    return v;
  };
  while (a.more) {
    const w = a.cur;
    if (matches(w, 'mode')) {
      a.next();
      if (matches(a.cur, 'tun')) {
        if (r.flags & IFF_TAP) throw new CliExit(255, 'You managed to ask for more than one tunnel mode.\n');
        r.flags |= IFF_TUN;
      } else if (matches(a.cur, 'tap')) {
        if (r.flags & IFF_TUN) throw new CliExit(255, 'You managed to ask for more than one tunnel mode.\n');
        r.flags |= IFF_TAP;
      } else throw new CliExit(255, `Unknown tunnel mode "${a.cur}"\n`);
    } else if (withOwner && matches(w, 'user')) {
      a.next();
      if (/^-?\d+$/.test(a.cur)) r.uid = Number(a.cur);
      else {
        const u = lookupName('/etc/passwd', a.cur);
        if (u === undefined) throw new CliExit(255, `invalid user "${a.cur}"\n`);
        r.uid = u;
      }
    } else if (withOwner && matches(w, 'group')) {
      a.next();
      if (/^-?\d+$/.test(a.cur)) r.gid = Number(a.cur);
      else {
        const g = lookupName('/etc/group', a.cur);
        if (g === undefined) throw new CliExit(255, `invalid group "${a.cur}"\n`);
        r.gid = g;
      }
    } else if (matches(w, 'pi')) r.flags &= ~IFF_NO_PI;
    else if (matches(w, 'one_queue')) r.flags |= IFF_ONE_QUEUE;
    else if (matches(w, 'vnet_hdr')) r.flags |= IFF_VNET_HDR;
    else if (matches(w, 'multi_queue')) r.flags |= IFF_MULTI_QUEUE;
    else if (matches(w, 'dev')) {
      a.next();
      r.name = ifname(a.cur, 'dev');
    } else {
      if (matches(w, 'name')) a.next();
      else if (matches(w, 'help')) throw new CliExit(255, TUNTAP_USAGE);
      if (r.name) duparg2('name', a.cur);
      r.name = ifname(a.cur, 'name');
    }
    a.shift();
  }
  if (!(r.flags & (IFF_TUN | IFF_TAP))) throw new CommandFailed(-1, 'You failed to specify a tunnel mode\n');
  return r;
}

/** print_tuntap: one tun/tap link. */
export function printTuntap(p: Printer, msg: LinkMessageBody, details: boolean): boolean {
  const type = msg.header.type;
  if (!(type === 'none' || type === 'ether' || type === 0xfffe || type === 1)) return false;
  const a = msg.attrs ?? {};
  if (a.ifname === undefined || a.linkinfo?.kind !== 'tun') return false;
  const data = a.linkinfo.data;
  // IFLA_INFO_DATA of kind tun (bytes only if it came without the tun schema).
  const d: Exclude<typeof data, Uint8Array | undefined> = data === undefined || data instanceof Uint8Array ? {} : data;
  const t = d.type === 'tun' || d.type === 1 ? IFF_TUN : d.type === 'tap' || d.type === 2 ? IFF_TAP : 0;
  let flags = t;
  if (!num(d.pi)) flags |= IFF_NO_PI;
  if (num(d.vnetHdr)) flags |= IFF_VNET_HDR;
  if (num(d.multiQueue)) flags |= IFF_MULTI_QUEUE;
  if (num(d.persist)) flags |= IFF_PERSIST;
  p.openObject(null);
  p.string(PRINT_ANY, 'ifname', '%s:', String(a.ifname));
  p.openArray(PRINT_JSON, 'flags');
  if (flags & IFF_TUN) p.string(PRINT_ANY, null, ' %s', 'tun');
  if (flags & IFF_TAP) p.string(PRINT_ANY, null, ' %s', 'tap');
  if (!(flags & IFF_NO_PI)) p.string(PRINT_ANY, null, ' %s', 'pi');
  if (flags & IFF_ONE_QUEUE) p.string(PRINT_ANY, null, ' %s', 'one_queue');
  if (flags & IFF_MULTI_QUEUE) p.string(PRINT_ANY, null, ' %s', 'multi_queue');
  if (flags & IFF_VNET_HDR) p.string(PRINT_ANY, null, ' %s', 'vnet_hdr');
  if (flags & IFF_PERSIST) p.string(PRINT_ANY, null, ' %s', 'persist');
  // IFF_NOFILTER is IFF_NO_PI's bit: "filter" shows exactly when "pi" does
  if (!(flags & IFF_NO_PI)) p.string(PRINT_ANY, null, ' %s', 'filter');
  p.closeArray(PRINT_JSON, null);
  if (d.owner !== undefined) p.u64(PRINT_ANY, 'user', ' user %ld', num(d.owner));
  if (d.group !== undefined) p.u64(PRINT_ANY, 'group', ' group %ld', num(d.group));
  if (details) {
    p.string(PRINT_FP, null, '%s\tAttached to processes:', p.SL);
    p.openArray(PRINT_JSON, 'processes');
    p.closeArray(PRINT_JSON, null);
  }
  p.closeObject();
  p.string(PRINT_FP, null, '%s', '\n');
  return true;
}

export async function doTuntap(env: Env, argv: string[]): Promise<number> {
  const w = argv[0];
  const rest = argv.slice(1);
  if (w === undefined || matches(w, 'show') || matches(w, 'lst') || matches(w, 'list')) {
    const h = await env.handle();
    const d = linkDump({ family: 0, kind: 'tun', extMask: false });
    const msgs = await apiCall(() => h.dump<LinkMessageBody>(d.request, (b) => d.match(b)));
    const p = newPrinter(env);
    p.startDocument();
    for (const m of msgs) printTuntap(p, m, env.opts.details > 0);
    p.endDocument();
    env.io.stdout(p.take());
    return 0;
  }
  if (matches(w, 'add')) {
    const r = parseArgs(rest, true);
    const h = await env.handle();
    await apiCall(() =>
      h.tuntap.add({
        name: r.name ?? '',
        mode: r.flags & IFF_TUN ? 'tun' : 'tap',
        ...(r.uid !== undefined ? { user: r.uid } : {}),
        ...(r.gid !== undefined ? { group: r.gid } : {}),
        ...(r.flags & IFF_MULTI_QUEUE ? { multiQueue: true } : {}),
        ...(r.flags & IFF_VNET_HDR ? { vnetHdr: true } : {}),
        ...(!(r.flags & IFF_NO_PI) ? { pi: true } : {}),
      }),
    ).catch((e) => {
      throw new CommandFailed(-1, `ioctl(TUNSETIFF): ${(e as CommandFailed).stderr?.replace(/^RTNETLINK answers: |^Error: /, '').trim() || (e as Error).message}\n`);
    });
    return 0;
  }
  if (matches(w, 'delete')) {
    const r = parseArgs(rest, false);
    const h = await env.handle();
    await apiCall(() => h.tuntap.delete(r.name ?? '', r.flags & IFF_TUN ? 'tun' : 'tap')).catch((e) => {
      throw new CommandFailed(-1, `ioctl(TUNSETIFF): ${(e as CommandFailed).stderr?.replace(/^RTNETLINK answers: |^Error: /, '').trim() || (e as Error).message}\n`);
    });
    return 0;
  }
  if (matches(w, 'help')) throw new CliExit(255, TUNTAP_USAGE);
  throw new CliExit(255, `Command "${w}" is unknown, try "ip tuntap help".\n`);
}
