/**
 * The contract of a link-kind module: everything about one kind (or a family of kinds sharing
 * one kernel driver, like gre/gretap/erspan) in one file — its IFLA_INFO_DATA and
 * IFLA_INFO_SLAVE_DATA attribute sets, its API options and their encoding, the parse of its
 * `ip link add ... type KIND ARGS` words, its `ip -d link show` printing (text and JSON) and its
 * usage text. Modules are listed once, in ./index.ts.
 *
 * Layering: this folder sits in src/rtnl, so it imports only src/netlink and src/rtnl. What a
 * module needs from the layers above (resolving a device name, reporting a command-line error
 * the way iproute2 does, writing iproute2's output) it receives as the small interfaces below,
 * which src/api and src/cli implement.
 */
import type { Codec, ValueOf } from '../../../netlink/codec.js';
import type { KindPrinter } from './print.js';

export type { KindPrinter } from './print.js';
export type { ValueOf } from '../../../netlink/codec.js';


/** Typed IFLA_INFO_DATA of an attribute set, as options accept it (every key optional, no `unknown`). */
export type DataOptions<C> = Partial<Omit<ValueOf<C>, 'unknown'>>;

/**
 * A network namespace as options name it: a /run/netns name, `{ name }`, `{ path }` (a namespace
 * file), `{ pid }` (a process's namespace) or `{ fd }` (an open namespace file descriptor).
 */
export type NetnsTarget = string | { name: string } | { path: string } | { pid: number } | { fd: number };

// ---------------------------------------------------------------------------------------------
// Encoding (src/api)

/** What a kind's `encode` may ask of the API while turning options into attributes. */
export interface KindEncodeContext {
  /** `add` (true) or `ip link set DEV type KIND ...` (false): required options are only required on add. */
  readonly create: boolean;
  /** The ifindex of a device named in the options (name or index), in the namespace of the request. */
  ifindex(dev: string | number, field: string): Promise<number>;
}

/** What a kind adds to RTM_NEWLINK: IFLA_INFO_DATA and IFLA_LINK. */
export interface KindRequest {
  data?: Record<string, unknown> | Uint8Array;
  /** IFLA_LINK: the parent device (macvlan, vlan, ipvlan...). */
  link?: number;
}

// ---------------------------------------------------------------------------------------------
// Command line (src/cli)

/** The argv cursor of iproute2's parsers (NEXT_ARG semantics), positioned after `type KIND`. */
export interface KindArgs {
  readonly more: boolean;
  /** *argv */
  readonly cur: string;
  /** argc--, argv++ */
  shift(): void;
  /** NEXT_ARG(): advance; "Command line is not complete" when nothing follows. */
  next(): string;
  /** NEXT_ARG_OK() */
  nextOk(): boolean;
  /** PREV_ARG() */
  prev(): void;
}

/** The base options of a peer (veth, vxcan): what iplink_parse reads after `peer`. */
export interface PeerWords {
  name?: string;
  netns?: NetnsTarget;
  mtu?: number;
  address?: string;
  txqlen?: number;
  alias?: string;
  devGroup?: number;
  up?: boolean;
  /** `index N`: the peer's ifindex. */
  index?: number;
}

/** What a kind's `parse` may ask of the command line. Every `never` function ends the command. */
export interface KindParseContext {
  /** `ip link add|replace` (true) or `ip link set|change` (false). */
  readonly create: boolean;
  /** The IFLA_INFO_KIND being parsed (a module may serve several). */
  readonly kind: string;
  /** The `link DEV` word of the command, when given. */
  readonly link?: string;
  /**
   * On a change (`ip link set ... type KIND`) of a kind whose module sets `readsCurrent`: the
   * link's current IFLA_INFO_DATA, decoded; undefined when the link has none.
   */
  readonly current?: Record<string, unknown>;
  /** invarg(): `Error: argument "ARG" is wrong: MSG` (exit 255). */
  invarg(msg: string, arg: string): never;
  /** duparg(): `Error: duplicate "KEY": "ARG" is the second value.` (exit 255). */
  duparg(key: string, arg: string): never;
  /** duparg2(): `Error: either "KEY" is duplicate, or "ARG" is a garbage.` (exit 255). */
  duparg2(key: string, arg: string): never;
  /** The parser's `fprintf(stderr, MSG); return -1;` (MSG ends with its newline). */
  fail(message: string): never;
  /** The parser's `fprintf(stderr, MSG); exit(-1);` (status 255; MSG ends with its newline). */
  exit(message: string): never;
  /** get_addr32(): an IPv4 address as a host-order number; exits like iproute2 on anything else. */
  addr32(word: string): number;
  /** `help` or an unknown word: `message` (if any), then the kind's usage, status -1 (iproute2's explain()). */
  usage(message?: string): never;
  /** A warning on stderr; the command goes on. */
  warn(message: string): void;
  /** get_unsigned(): strtoul base 0 over the whole word, at most `max`. */
  unsigned(word: string, max?: number): number | undefined;
  /** get_addr(): the family of an address word; exits like iproute2 on anything else. */
  addressFamily(word: string): 4 | 6;
  /** get_addr(word, family): the address as text; exits like iproute2 on anything else. */
  address(word: string, family: 4 | 6): string;
  /** get_prefix(word, family): the address as text and the prefix length; exits like iproute2 on anything else. */
  prefix(word: string, family: 4 | 6): { address: string; len: number };
  /** rtnl_dsfield_a2n(): a TOS / DS field by name (rt_dsfield) or hex number. */
  dsfield(word: string): number | undefined;
  /** iplink_parse() over the words after `peer` (veth, vxcan). */
  parsePeer(args: KindArgs): PeerWords;
}

// ---------------------------------------------------------------------------------------------
// Printing (src/cli)

/** What a kind's printer may ask of the command line besides the printer. */
export interface KindPrintContext {
  /** ll_index_to_name(): "*" for 0, "if<N>" when unknown. */
  ifname(index: number): string;
  /** getpwuid(): the user's name, or undefined. */
  userName(uid: number): string | undefined;
  /** getgrgid(): the group's name, or undefined. */
  groupName(gid: number): string | undefined;
}

/** Prints a decoded IFLA_INFO_DATA (or IFLA_INFO_SLAVE_DATA) as iproute2's `print_opt`. */
export type KindPrint<D> = (p: KindPrinter, data: D | undefined, ctx: KindPrintContext) => void;

// ---------------------------------------------------------------------------------------------
// The module

/**
 * One link-kind module. `O` is its API options type (with `kind: K`), `D` its IFLA_INFO_DATA
 * schema codec and `S` its slave data codec.
 */
export interface LinkKind<K extends string = string, O extends { kind: K } = { kind: K }, D extends Codec<unknown> = Codec<unknown>, S extends Codec<unknown> = Codec<unknown>> {
  /** IFLA_INFO_KIND values handled here. */
  readonly kinds: readonly K[];
  /** IFLA_INFO_DATA attribute set (kinds without data: noDataAttrs). */
  readonly data: D;
  /** IFLA_INFO_SLAVE_DATA of this kind's ports (bridge, bond, vrf), by IFLA_INFO_SLAVE_KIND = the kind. */
  readonly slaveData?: S;
  /** The option keys besides `kind` and the base link options (for unknown-key errors). */
  readonly optionKeys: readonly string[];
  /** Creating one needs a parent device (`link DEV`). */
  readonly needsLink?: boolean;
  /** The kind creates a pair (veth, vxcan, netkit): its `link` is the peer. */
  readonly pair?: boolean;
  /**
   * `parse` of a change needs the link's current IFLA_INFO_DATA (KindParseContext.current): ip
   * reads the tunnels first and sends every value back (link_gre.c, link_iptnl.c...).
   */
  readonly readsCurrent?: boolean;
  /** Options → IFLA_INFO_DATA (and IFLA_LINK); throws ValidationError on bad input. */
  encode(options: O, ctx: KindEncodeContext): Promise<KindRequest> | KindRequest;
  /** `ip link add ... type KIND ARGS` → this kind's options (without `kind` and base options). */
  parse?(args: KindArgs, ctx: KindParseContext): Partial<O>;
  /** `ip -d link show` of IFLA_INFO_DATA; kinds iproute2 prints nothing for have none. */
  print?(p: KindPrinter, data: ValueOf<D> | undefined, ctx: KindPrintContext): void;
  /** `ip -d link show` of IFLA_INFO_SLAVE_DATA for ports of this kind. */
  printSlave?(p: KindPrinter, data: ValueOf<S> | undefined, ctx: KindPrintContext): void;
  /** The underlay device's ifindex in decoded data (vxlan's `dev`), for diagrams. */
  underlay?(data: ValueOf<D>): number | undefined;
  /** What `ip link add ... type KIND help` prints (iproute2 6.1's explain()), on stderr unless `usageOnStdout`. */
  usage?(kind: K): string;
  readonly usageOnStdout?: boolean;
}

/** The options type of a module. */
export type OptionsOf<M> = M extends LinkKind<string, infer O, Codec<unknown>, Codec<unknown>> ? O : never;

/**
 * Declares a kind module, checking it against the contract while keeping its literal types
 * (so the registry can derive the options union and the kind names from it).
 */
export function defineKind<K extends string, O extends { kind: K }, D extends Codec<unknown>, S extends Codec<unknown> = Codec<unknown>>(
  module: LinkKind<K, O, D, S>,
): LinkKind<K, O, D, S> {
  return module;
}

/** Copies the defined entries of `from[keys]` into a new object (options → attributes with the same names). */
export function pick<T extends object>(from: T, keys: ReadonlyArray<keyof T>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (from[k] !== undefined) out[k as string] = from[k];
  return out;
}

/** Options of a kind that takes its IFLA_INFO_DATA as attributes (no friendlier options yet). */
export interface SchemaKindOptions<K extends string, D> {
  kind: K;
  /** IFLA_INFO_DATA, in the kind's attribute set. */
  data?: D;
}

/**
 * A module for kinds whose options are their attribute set as is (geneve, bareudp, hsr, gtp...):
 * `{ kind, link?, data? }`. Give it printing, parsing and usage when iproute2's are ported.
 */
export function schemaKind<K extends string, D extends Codec<unknown>, S extends Codec<unknown> = Codec<unknown>>(
  kinds: readonly K[],
  data: D,
  more: Partial<Pick<LinkKind<K, SchemaKindOptions<K, DataOptions<D>>, D, S>, 'slaveData' | 'needsLink' | 'pair' | 'parse' | 'print' | 'printSlave' | 'usage' | 'underlay'>> = {},
): LinkKind<K, SchemaKindOptions<K, DataOptions<D>>, D, S> {
  return {
    kinds,
    data,
    optionKeys: ['data'],
    ...more,
    encode: (o) => (o.data !== undefined ? { data: o.data } : {}),
  };
}
