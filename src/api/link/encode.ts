/**
 * Checking and encoding `link.add` options: the base options here, each kind's own options by
 * its module (src/rtnl/link/kinds/), before anything is sent.
 */
import { ValidationError } from '../../netlink/errors.js';
import { setKeyOrder } from '../../netlink/codec.js';
import { linkKindModule, knownLinkKinds, type AnyLinkKind, type KindRequest } from '../../rtnl/link/kinds/index.js';
import type { LinkCommonOptions } from '../../rtnl/link/requests.js';
import { checkIfname, checkInt, checkKeys, checkMac } from '../../rtnl/validate.js';
import { toNetnsSpec, type IfindexResolver } from '../core.js';
import type { KindChangeOptions, LinkAddOptions, LinkBaseOptions, VethPeerOptions } from './options.js';

/** The keys of LinkBaseOptions (unknown-key checks). */
const BASE_KEYS = [
  'name', 'link', 'linkNetnsid', 'mtu', 'address', 'broadcast', 'txqlen', 'alias', 'devGroup', 'master', 'up', 'netns', 'index',
  'numTxQueues', 'numRxQueues', 'exclusive', 'replace', 'attrs',
] as const satisfies ReadonlyArray<keyof LinkBaseOptions>;
const PEER_KEYS = ['name', 'netns', 'mtu', 'address', 'txqlen', 'alias', 'devGroup', 'up', 'index'] as const satisfies ReadonlyArray<keyof VethPeerOptions>;
const RAW_KEYS = ['infoKind', 'data'] as const;

/** The module of a known kind; a ValidationError naming the kinds there are otherwise. */
export function moduleOf(kind: unknown): AnyLinkKind {
  const m = typeof kind === 'string' ? linkKindModule(kind) : undefined;
  if (m) return m;
  throw new ValidationError(
    `unknown link kind ${JSON.stringify(kind)} (known: ${knownLinkKinds().join(', ')}; for another kind use { kind: 'raw', infoKind: ${JSON.stringify(kind)} })`,
    'kind',
  );
}

/** Checks a whole add request's user input (synchronously, before anything is sent). */
export function validateAdd(o: LinkAddOptions): void {
  if (typeof o !== 'object' || o === null) throw new ValidationError('link options object expected');
  if (o.kind === 'raw') {
    if (typeof o.infoKind !== 'string' || !/^[a-z0-9_.-]{1,32}$/i.test(o.infoKind)) {
      throw new ValidationError(`invalid link kind ${JSON.stringify(o.infoKind)}`, 'infoKind');
    }
    checkKeys(o, ['kind', ...BASE_KEYS, ...RAW_KEYS], `link ${o.infoKind}`);
  } else checkKeys(o, ['kind', ...BASE_KEYS, ...moduleOf(o.kind).optionKeys], `link ${o.kind}`);
  if (o.name !== undefined) checkIfname(o.name, 'name');
  if (o.linkNetnsid !== undefined) checkInt(o.linkNetnsid, 'linkNetnsid', -1, 0x7fffffff);
  checkCommon(o, '');
  const module = o.kind === 'raw' ? undefined : moduleOf(o.kind);
  const peer = 'peer' in o ? o.peer : undefined;
  if (module?.pair && peer !== undefined) {
    if (typeof peer !== 'object' || peer === null) throw new ValidationError(`${o.kind} ${o.name ?? ''}: peer options object expected`, 'peer');
    checkKeys(peer, PEER_KEYS, `${o.kind} peer`, 'peer.');
    if (peer.name !== undefined) checkIfname(peer.name, 'peer.name');
    checkCommon(peer, 'peer.');
    if (peer.name !== undefined && peer.name === o.name && peer.netns === undefined && o.netns === undefined) {
      throw new ValidationError(`${o.kind} ${o.name}: the peer cannot have the same name in the same namespace`, 'peer.name');
    }
    if (peer.netns !== undefined) toNetnsSpec(peer.netns);
  }
  if (module?.needsLink && o.link === undefined) {
    throw new ValidationError(`${o.kind} ${o.name} needs a parent device (link)`, 'link');
  }
  if (o.netns !== undefined) toNetnsSpec(o.netns);
}

/** Checks the options every link and a veth peer share. */
export function checkCommon(o: { mtu?: unknown; address?: unknown; txqlen?: unknown; devGroup?: unknown; alias?: unknown; index?: unknown }, prefix: string): void {
  if (o.index !== undefined) checkInt(o.index, `${prefix}index`, 1, 0x7fffffff);
  // u32 as ip sends it (`mtu -1` is 4294967295): the kernel judges the range, with an extack message.
  if (o.mtu !== undefined) checkInt(o.mtu, `${prefix}mtu`, 0, 0xffffffff);
  if (o.address !== undefined) checkMac(o.address, `${prefix}address`);
  if (o.txqlen !== undefined) checkInt(o.txqlen, `${prefix}txqlen`, 0, 0xffffffff);
  if (o.devGroup !== undefined) checkInt(o.devGroup, `${prefix}devGroup`, 0, 0xffffffff);
  if (o.alias !== undefined && (typeof o.alias !== 'string' || Buffer.byteLength(o.alias) > 255)) {
    throw new ValidationError(`${prefix}alias must be a string of at most 255 bytes`, `${prefix}alias`);
  }
}

/** IFLA_INFO_KIND, IFLA_INFO_DATA and IFLA_LINK of an add request. */
export async function encodeKind(o: LinkAddOptions, resolve: IfindexResolver): Promise<KindRequest & { infoKind: string }> {
  const link = o.link === undefined ? undefined : await resolve.index(o.link, 'link');
  const r: KindRequest & { infoKind: string } =
    o.kind === 'raw'
      ? { infoKind: o.infoKind, ...(o.data !== undefined ? { data: o.data } : {}) }
      : { infoKind: o.kind, ...(await moduleOf(o.kind).encode(o, { create: true, ifindex: (dev, field) => resolve.index(dev, field) })) };
  if (link !== undefined) r.link ??= link;
  return keepDataOrder(r);
}

/**
 * IFLA_INFO_DATA goes on the wire in the order its keys were given (setKeyOrder): a kind's
 * encode builds it in the order iproute2 sends (the CLI's parsers give ip's), so that pure-ip's
 * requests are ip's byte for byte.
 */
function keepDataOrder<T extends KindRequest>(r: T): T {
  if (r.data !== undefined && typeof r.data === 'object' && r.data !== null && !(r.data instanceof Uint8Array)) setKeyOrder(r.data, Object.keys(r.data));
  return r;
}

/** IFLA_INFO_DATA (and IFLA_LINK) of `ip link set DEV type KIND ...`. */
export async function encodeKindChange(o: KindChangeOptions, resolve: IfindexResolver): Promise<KindRequest> {
  if (typeof o !== 'object' || o === null) throw new ValidationError('kind options object expected');
  const module = moduleOf(o.kind);
  checkKeys(o, ['kind', ...module.optionKeys], `link type ${o.kind}`);
  return keepDataOrder(await module.encode(o, { create: false, ifindex: (dev, field) => resolve.index(dev, field) }));
}

/** The base options as the request builder's attributes. */
export function commonFrom(o: { mtu?: number; address?: string; broadcast?: string; txqlen?: number; alias?: string; devGroup?: number; up?: boolean; numTxQueues?: number; numRxQueues?: number; attrs?: LinkCommonOptions['attrs'] }): LinkCommonOptions {
  const c: LinkCommonOptions = {};
  if (o.mtu !== undefined) c.mtu = o.mtu;
  if (o.address !== undefined) c.address = o.address;
  if (o.broadcast !== undefined) c.broadcast = o.broadcast;
  if (o.txqlen !== undefined) c.txqlen = o.txqlen;
  if (o.alias !== undefined) c.alias = o.alias;
  if (o.devGroup !== undefined) c.group = o.devGroup;
  if (o.up !== undefined) c.up = o.up;
  if (o.numTxQueues !== undefined) c.numTxQueues = o.numTxQueues;
  if (o.numRxQueues !== undefined) c.numRxQueues = o.numRxQueues;
  if (o.attrs !== undefined) c.attrs = o.attrs;
  return c;
}
