/**
 * The link-kind registry: every kind module, listed once. Adding a kind is a new file in this
 * folder (see kind.ts for the contract, docs/decisions.md for a worked example) and one line in
 * all.ts; its IFLA_INFO_DATA codec, its API options (in the `link.add` union), its
 * `ip link add ... type KIND` words and its `ip -d link show` printing all follow from there.
 */
import type { Codec } from '../../../netlink/codec.js';
import { linkKinds, slaveKinds } from '../registry.js';
import * as all from './all.js';
import type { LinkKind, OptionsOf } from './kind.js';

/** A module with its types erased, for code that picks one by a kind name at run time. */
export type AnyLinkKind = LinkKind<string, { kind: string }, Codec<unknown>, Codec<unknown>>;

function isKindModule(v: unknown): v is AnyLinkKind {
  const m = v as Partial<AnyLinkKind> | null;
  return typeof m === 'object' && m !== null && Array.isArray(m.kinds) && typeof m.encode === 'function' && m.data !== undefined;
}

/**
 * Every link-kind module of all.ts, by first kind name (a namespace object's key order differs
 * between Node and the bundle; registration order shows in the coverage table).
 */
export const LINK_KIND_MODULES: readonly AnyLinkKind[] = (Object.values(all) as unknown[])
  .filter(isKindModule)
  .sort((a, b) => (a.kinds[0]! < b.kinds[0]! ? -1 : 1));

/** A module of the registry. */
export type LinkKindModule = Extract<(typeof all)[keyof typeof all], AnyLinkKind>;
/** Every IFLA_INFO_KIND with a module ('veth', 'bridge', 'vxlan'...). */
export type KnownLinkKind = LinkKindModule['kinds'][number];
/** The union of every kind's options, discriminated by `kind`. */
export type KindOptions = OptionsOf<LinkKindModule>;
/** The options of one kind. */
export type KindOptionsOf<K extends KnownLinkKind> = Extract<KindOptions, { kind: K }>;

const byKind = new Map<string, AnyLinkKind>();
for (const m of LINK_KIND_MODULES) {
  for (const kind of m.kinds) {
    byKind.set(kind, m);
    linkKinds.register(kind, m.data);
    if (m.slaveData) slaveKinds.register(kind, m.slaveData);
  }
}

/** The module of an IFLA_INFO_KIND, or undefined for a kind without one. */
export function linkKindModule(kind: string): AnyLinkKind | undefined {
  return byKind.get(kind);
}

/** The module printing IFLA_INFO_SLAVE_DATA of IFLA_INFO_SLAVE_KIND `kind` (a port of a bridge, bond, vrf). */
export function slaveKindModule(kind: string): AnyLinkKind | undefined {
  const m = byKind.get(kind);
  return m?.slaveData ? m : undefined;
}

/** Whether `kind` has a module (a type guard for the options union). */
export function isKnownLinkKind(kind: string): kind is KnownLinkKind {
  return byKind.has(kind);
}

/** Every kind name with a module, in registry order. */
export function knownLinkKinds(): KnownLinkKind[] {
  return [...byKind.keys()] as KnownLinkKind[];
}

export * from './kind.js';
export * from './print.js';
export { matches } from './words.js';
export * from './all.js';
