/**
 * A generic netlink family as its YNL spec describes it (the generated files under
 * src/genl/generated build one per spec): its operations with the genlmsghdr command values of
 * each direction, attribute sets, enums and multicast group names, plus the message body codec
 * (struct genlmsghdr, the family's fixed header if any, then the operation's attributes).
 *
 * The family id and the group ids are not here: the kernel assigns them at run time, and nlctrl
 * (src/genl/nlctrl.ts) resolves them per handle.
 */
import type { Codec, DecodeContext, EncodeContext } from '../netlink/codec.js';
import { getLayout } from '../netlink/codec.js';
import { align4 } from '../netlink/constants.js';
import type { EnumDef } from '../netlink/enums.js';
import { DecodeError, EncodeError } from '../netlink/errors.js';
import { AttrSet, StructCodec, struct, type StructFields } from '../netlink/schema.js';
import { u16, u8 } from '../netlink/types.js';
import type { Writer } from '../netlink/writer.js';

/** struct genlmsghdr (linux/genetlink.h): the command, the family's version, 2 reserved bytes. */
export const GENL_HDRLEN = 4;
/**
 * The fields of struct genlmsghdr (linux/genetlink.h): `cmd` (u8), `version` (u8), `reserved`
 * (u16).
 */
export const genlmsghdrFields = [
  ['cmd', u8],
  ['version', u8],
  ['reserved', u16],
] as const satisfies StructFields;

/** genlmsghdr as decoded (plus the family's fixed-header fields, for families that have one). */
export interface GenlHeader {
  cmd: number;
  version: number;
  reserved?: number;
}

/** The body of every generic netlink message. */
export interface GenlBody<A = Record<string, unknown>, H = GenlHeader> {
  header: H;
  /** The operation's name (spec spelling), when the command is known; informative on encode. */
  op?: string | undefined;
  attrs: A;
}

/** The attribute keys (camelCase) a request or reply of one mode lists in the spec. */
export interface GenlOpMode {
  readonly request?: readonly string[];
  readonly reply?: readonly string[];
}

/** One operation of a family, with the command values of both directions resolved from the spec. */
export interface GenlOpDef {
  /** Spec spelling, e.g. 'channels-get'. */
  readonly name: string;
  /** The attribute set of its messages (its own, or the notified operation's). */
  readonly set: AttrSet<object> | undefined;
  /** genlmsghdr.cmd userspace sends, undefined for kernel-only messages (notifications, events). */
  readonly request: number | undefined;
  /** genlmsghdr.cmd of the kernel's answers and notifications, undefined when it sends none. */
  readonly reply: number | undefined;
  readonly do?: GenlOpMode;
  readonly dump?: GenlOpMode;
  /** For notifications: the operation whose reply they carry (`notify`), or their own attribute list (`event`). */
  readonly notify?: string;
  readonly event?: readonly string[];
  /** Multicast group the kernel sends its notifications to. */
  readonly mcgrp?: string;
  /** Spec flags: admin-perm, uns-admin-perm... */
  readonly flags?: readonly string[];
  readonly doc?: string;
}

/**
 * A YNL spec's `protocol`: `genetlink`, `genetlink-c` or `genetlink-legacy` (which allows fixed
 * headers and structs).
 */
export type GenlProtocol = 'genetlink' | 'genetlink-c' | 'genetlink-legacy';

/** What a generated file hands to `defineGenlFamily`. */
export interface GenlFamilyInit {
  /** The generic netlink family name, as nlctrl knows it (= the spec's name). */
  readonly name: string;
  readonly protocol: GenlProtocol;
  /** genlmsghdr.version sent in requests. */
  readonly version: number;
  /** Fields of the family's fixed header after genlmsghdr (ovs_header...), if it has one. */
  readonly fixedHeader?: StructFields;
  readonly ops: readonly GenlOpDef[];
  readonly mcastGroups: readonly string[];
  readonly sets: Readonly<Record<string, AttrSet<object>>>;
  readonly enums: Readonly<Record<string, EnumDef>>;
  /** Spec spellings of attributes whose name is not the path name with '_' → '-' (set name → key → spelling). */
  readonly specNames?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The spec's type of each attribute (set name → key → type): what pure-ynl's JSON follows. */
  readonly attrTypes?: Readonly<Record<string, Readonly<Record<string, GenlSpecType>>>>;
  /** The spec's type of each struct member (struct name → key → type). */
  readonly memberTypes?: Readonly<Record<string, Readonly<Record<string, GenlSpecType>>>>;
  /** Where the spec came from (ynl/specs/<file>). */
  readonly source: string;
  readonly doc?: string;
}

/**
 * An attribute's or struct member's type as its YNL spec writes it: `type` ('u32', 'binary',
 * 'flag', 'indexed-array'...), the element type of arrays (`sub-type`) and how to show the value
 * (`display-hint`: 'hex', 'mac', 'ipv4', 'ipv6', 'ipv4-or-v6', 'uuid').
 */
export interface GenlSpecType {
  readonly type: string;
  readonly subType?: string;
  readonly displayHint?: string;
}

/** Type-level description of an operation: request and reply attribute types per mode. */
export interface OpTypes {
  do?: { request: object; reply: object | undefined };
  dump?: { request: object; reply: object };
}

const emptySet = new AttrSet<Record<string, never>>('', {}, 'no attributes');

/**
 * A family: its spec plus lookups. `Ops` maps operation names to their request/reply types and
 * `Ntf` notification names to theirs (both generated); they only type the API.
 */
export class GenlFamily<Ops = Record<string, OpTypes>, Ntf = Record<string, object>> implements GenlFamilyInit {
  declare readonly _ops: Ops;
  declare readonly _ntf: Ntf;
  readonly name: string;
  readonly protocol: GenlProtocol;
  readonly version: number;
  readonly fixedHeader: StructFields | undefined;
  readonly ops: readonly GenlOpDef[];
  readonly mcastGroups: readonly string[];
  readonly sets: Readonly<Record<string, AttrSet<object>>>;
  readonly enums: Readonly<Record<string, EnumDef>>;
  readonly specNames: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly attrTypes: Readonly<Record<string, Readonly<Record<string, GenlSpecType>>>>;
  readonly memberTypes: Readonly<Record<string, Readonly<Record<string, GenlSpecType>>>>;
  readonly source: string;
  readonly doc: string | undefined;
  /** genlmsghdr followed by the fixed header. */
  readonly header: StructCodec<GenlHeader & Record<string, unknown>>;
  /** The message body codec: decodes the kernel's messages, encodes requests. */
  readonly body: GenlBodyCodec;
  readonly #byName = new Map<string, GenlOpDef>();
  readonly #byRequest = new Map<number, GenlOpDef>();
  readonly #byReply = new Map<number, GenlOpDef>();

  constructor(init: GenlFamilyInit) {
    this.name = init.name;
    this.protocol = init.protocol;
    this.version = init.version;
    this.fixedHeader = init.fixedHeader;
    this.ops = init.ops;
    this.mcastGroups = init.mcastGroups;
    this.sets = init.sets;
    this.enums = init.enums;
    this.specNames = init.specNames ?? {};
    this.attrTypes = init.attrTypes ?? {};
    this.memberTypes = init.memberTypes ?? {};
    this.source = init.source;
    this.doc = init.doc;
    this.header = struct(`genlmsghdr${init.fixedHeader ? ` + ${init.name} fixed header` : ''}`, [
      ...genlmsghdrFields,
      ...(init.fixedHeader ?? []),
    ]) as unknown as StructCodec<GenlHeader & Record<string, unknown>>;
    for (const op of init.ops) {
      this.#byName.set(op.name, op);
      // The first operation to claim a value wins, as in the kernel's own enums.
      if (op.request !== undefined && !this.#byRequest.has(op.request)) this.#byRequest.set(op.request, op);
      if (op.reply !== undefined && !this.#byReply.has(op.reply)) this.#byReply.set(op.reply, op);
    }
    this.body = new GenlBodyCodec(this);
  }

  /** The operation named `name` (spec spelling), or undefined. */
  op(name: string): GenlOpDef | undefined {
    return this.#byName.get(name);
  }

  /** The operation a command value means in one direction ('request': sent by userspace). */
  opByCmd(cmd: number, direction: 'request' | 'reply'): GenlOpDef | undefined {
    return (direction === 'request' ? this.#byRequest : this.#byReply).get(cmd);
  }

  /** The spec's type of attribute `key` of `set`, if the spec names it. */
  attrType(set: AttrSet<object>, key: string): GenlSpecType | undefined {
    return this.attrTypes[set.name]?.[key];
  }

  /** The spec's type of member `key` of struct `struct`, if the spec names it. */
  memberType(struct: StructCodec<object>, key: string): GenlSpecType | undefined {
    return this.memberTypes[struct.name]?.[key];
  }

  /** The spec spelling of an attribute key of a set ('devName' → 'dev-name'). */
  specName(set: AttrSet<object>, key: string): string {
    const override = this.specNames[set.name]?.[key];
    if (override) return override;
    const spec = set.byKey.get(key);
    return spec ? spec.pathName.replace(/_/g, '-') : key;
  }
}

/** Build a family from a generated descriptor. */
export function defineGenlFamily<Ops = Record<string, OpTypes>, Ntf = Record<string, object>>(init: GenlFamilyInit): GenlFamily<Ops, Ntf> {
  return new GenlFamily<Ops, Ntf>(init);
}

/**
 * Whether the message being decoded was sent by userspace: the same command value can mean
 * different operations per direction (ethtool's "directional" enum model), and only
 * NLM_F_REQUEST tells them apart. Decoders that know the flags set `ctx.requestMessage`.
 */
function directionOf(ctx: DecodeContext): 'request' | 'reply' {
  return ctx.requestMessage ? 'request' : 'reply';
}

/** genlmsghdr + fixed header + the attributes of the operation the command selects. */
export class GenlBodyCodec implements Codec<GenlBody<object, GenlHeader & Record<string, unknown>>> {
  readonly wire: string;
  constructor(readonly family: GenlFamily<unknown, unknown>) {
    this.wire = `genlmsghdr + ${family.name}`;
  }

  private attrsFor(cmd: unknown, direction: 'request' | 'reply'): { op: GenlOpDef | undefined; set: AttrSet<object> } {
    const op = typeof cmd === 'number' ? this.family.opByCmd(cmd, direction) : undefined;
    return { op, set: op?.set ?? emptySet };
  }

  /**
   * Decodes genlmsghdr (and the family's fixed header), then the attributes of the command's set
   * for the message's direction.
   */
  decode(ctx: DecodeContext, off: number, len: number): GenlBody<object, GenlHeader & Record<string, unknown>> {
    const header = this.family.header;
    if (len < header.size) throw new DecodeError(`${header.name} needs ${header.size} bytes, has ${len}`, off);
    const h = header.decode(ctx, off, header.size);
    ctx.tail = undefined;
    const { op, set } = this.attrsFor(h.cmd, directionOf(ctx));
    const start = align4(header.size);
    const attrs = len > start ? set.decode(ctx, off + start, len - start) : {};
    return { header: h, op: op?.name, attrs };
  }

  /**
   * Encodes the header (`cmd` from `op` when not given) and the command's attributes; EncodeError
   * for an unknown operation or attribute.
   */
  encode(w: Writer, value: GenlBody<object, GenlHeader & Record<string, unknown>>, ctx: EncodeContext): void {
    if (typeof value !== 'object' || value === null) throw new EncodeError(`${this.wire}: { header, attrs } expected`);
    const header = { ...(value.header ?? {}) } as Record<string, unknown>;
    if (header.cmd === undefined && value.op !== undefined) {
      const op = this.family.op(value.op);
      if (!op || op.request === undefined) throw new EncodeError(`${this.family.name} has no request operation ${JSON.stringify(value.op)}`);
      header.cmd = op.request;
    }
    if (header.version === undefined) header.version = this.family.version;
    this.family.header.encode(w, header as GenlHeader & Record<string, unknown>, ctx);
    const set = this.encodeSet(header.cmd, value.op);
    const attrs = value.attrs;
    if (attrs && (Object.keys(attrs).length > 0 || getLayout(attrs)?.length)) {
      w.align();
      set.encode(w, attrs, ctx);
    }
  }

  /**
   * The attribute set to encode with: requests are what we send, but a decoded reply or
   * notification re-encodes too; its `op` says which operation the command meant.
   */
  private encodeSet(cmd: unknown, opName: string | undefined): AttrSet<object> {
    if (typeof cmd !== 'number') return emptySet;
    const request = this.family.opByCmd(cmd, 'request');
    const reply = this.family.opByCmd(cmd, 'reply');
    if (opName !== undefined && reply?.name === opName && request?.name !== opName) return reply.set ?? emptySet;
    return (request ?? reply)?.set ?? emptySet;
  }

  pathAt(ctx: DecodeContext, off: number, len: number, target: number): string[] {
    const header = this.family.header;
    const start = off + align4(header.size);
    if (target < start || len < header.size) return ['header'];
    const cmd = ctx.view.getUint8(off);
    const { set } = this.attrsFor(cmd, 'request');
    return set.pathAt(ctx, start, off + len - start, target);
  }
}
