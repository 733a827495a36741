/**
 * The words after `ip link ... type KIND`: handed to the kind's module (src/rtnl/link/kinds/)
 * with what its parser may ask of the command line, and the devices and current data it needs.
 */
import { linkKindModule, type AnyLinkKind, type KindParseContext } from '../../rtnl/link/kinds/index.js';
import { Args, matches } from '../args.js';
import { CliExit, CommandFailed, duparg, duparg2, invarg } from '../errors.js';
import type { ApiHandle, Env } from '../env.js';
import { AF_INET, AF_INET6, dsfieldA2n } from '../format/names.js';
import { getAddr1, getUnsigned, prefixAddrText } from '../format/prefix.js';
import { getAddrOrExit, getPrefixOrExit, resolveDev } from './addr-words.js';
import { linkGetRaw } from './common.js';
import { EINVAL, iplinkParse, kernelRejectsName, netnsWord, usage } from './link-parse.js';

/** What a kind module's parser may ask of the command line (src/rtnl/link/kinds/kind.ts). */
function kindParseContext(env: Env, module: AnyLinkKind, kind: string, create: boolean, link: string | undefined, current: Record<string, unknown> | undefined): KindParseContext {
  const sandbox = !!env.opts.sandbox;
  return {
    create,
    kind,
    ...(link !== undefined ? { link } : {}),
    invarg,
    duparg,
    duparg2,
    fail: (message) => {
      throw new CommandFailed(-1, message);
    },
    exit: (message) => {
      throw new CliExit(255, message);
    },
    addr32: (word) => {
      const p = getAddr1(word, AF_INET);
      if (!p) throw new CliExit(1, `Error: an IP address is expected rather than "${word}"\n`);
      return ((p.data[0]! << 24) | (p.data[1]! << 16) | (p.data[2]! << 8) | p.data[3]!) >>> 0;
    },
    usage: (message = '') => {
      const text = module.usage?.(kind);
      if (text === undefined) return usage();
      throw module.usageOnStdout ? new CommandFailed(-1, message, text) : new CommandFailed(-1, message + text);
    },
    warn: (message) => env.io.stderr(message),
    unsigned: (word, max) => getUnsigned(word, 0, max),
    addressFamily: (word) => (getAddrOrExit(word, 0).family === AF_INET ? 4 : 6),
    address: (word, family) => prefixAddrText(getAddrOrExit(word, family === 4 ? AF_INET : AF_INET6)),
    prefix: (word, family) => {
      const p = getPrefixOrExit(word, family === 4 ? AF_INET : AF_INET6);
      return { address: prefixAddrText(p), len: p.bitlen };
    },
    dsfield: (word) => dsfieldA2n(word),
    ...(current !== undefined ? { current } : {}),
    parsePeer: (args) => {
      if (!(args instanceof Args)) throw new TypeError('parsePeer: the arguments of this command expected');
      const p = iplinkParse(args, true, sandbox);
      if (p.type !== undefined) duparg('type', p.type);
      if (kernelRejectsName(p.name)) EINVAL();
      return {
        ...(p.name !== undefined ? { name: p.name } : {}),
        ...(p.netns !== undefined ? { netns: netnsWord(p.netns, sandbox) } : {}),
        ...(p.mtu !== undefined ? { mtu: p.mtu } : {}),
        ...(p.address !== undefined ? { address: p.address } : {}),
        ...(p.txqlen !== undefined ? { txqlen: p.txqlen } : {}),
        ...(p.alias !== undefined ? { alias: p.alias } : {}),
        ...(p.group !== undefined ? { devGroup: p.group } : {}),
        ...(p.up ? { up: true } : {}),
        ...(p.index !== undefined ? { index: p.index } : {}),
      };
    },
  };
}

/**
 * The device a kind's words name (`dev` of vxlan, the GRE family, ipip/sit, ip6tnl, vti, xfrm),
 * resolved to its ifindex as iproute2's parsers do: `exit(nodev(*argv))`, status 255.
 */
export async function resolveKindDev(h: ApiHandle, opts: Record<string, unknown>): Promise<void> {
  const dev = opts.dev;
  if (typeof dev !== 'string') return;
  const idx = await resolveDev(h, dev);
  if (!idx) throw new CliExit(255, `Cannot find device "${dev}"\n`);
  opts.dev = idx;
}

/** The link's decoded IFLA_INFO_DATA (RTM_GETLINK), or undefined when it has none. */
export async function currentKindData(h: ApiHandle, index: number): Promise<Record<string, unknown> | undefined> {
  const raw = await linkGetRaw(h, index);
  const data: unknown = raw.attrs?.linkinfo?.data;
  return data !== undefined && !(data instanceof Uint8Array) && typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
}

/**
 * The words after `type KIND`: parsed by the kind's module into its API options; a kind without
 * a parser takes no words (iproute2: "Garbage instead of arguments").
 */
export function kindWords(env: Env, kind: string, words: string[], create: boolean, link: string | undefined, current?: Record<string, unknown>): Record<string, unknown> {
  const module = linkKindModule(kind);
  if (module?.parse) return module.parse(new Args(words), kindParseContext(env, module, kind, create, link, current));
  if (words.length) {
    if (matches(words[0]!, 'help')) usage();
    throw new CommandFailed(-1, `Garbage instead of arguments "${words[0]} ...". Try "ip link help".\n`);
  }
  return {};
}
