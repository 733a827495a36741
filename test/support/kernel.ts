/**
 * Real-kernel test support at the rtnl + session level (root only).
 *
 * `useKernelNamespaces(n)` registers beforeAll/afterAll hooks that start one HelperProcess,
 * create `n` uniquely named namespaces (`pnk-<random>`) and open a Session on a NETLINK_ROUTE
 * socket in each; afterAll closes the sessions, deletes the namespaces and closes the helper.
 * Every datagram the kernel sends to those sessions is walked with the schemas, and each
 * (attribute set, attribute type) pair found is recorded; afterAll merges them into
 * docs/kernel-seen.json under the test file's path in test/ (the coverage table's "kernel-tested"
 * column, see scripts/coverage-table.mjs).
 *
 * `ns.ip('link', 'show', 'dev', 'x')` runs `ip -n NS -j -d link show dev x` (iproute2 is the
 * oracle the decoded messages are compared with).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import '../../src/rtnl/index.js';
import { HOST_LITTLE_ENDIAN } from '../../src/netlink/byteorder.js';
import { makeDecodeContext, type Codec, type DecodeContext } from '../../src/netlink/codec.js';
import { NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, NLMSG_HDRLEN, NETLINK_ROUTE, align4 } from '../../src/netlink/constants.js';
import { NetlinkError } from '../../src/netlink/errors.js';
import type { Family } from '../../src/netlink/family.js';
import { rtnetlink } from '../../src/rtnl/family.js';
import { splitMessages, type NetlinkMessage, type Request } from '../../src/netlink/message.js';
import { AttrSet, MessageCodec, type Registry } from '../../src/netlink/schema.js';
import { Session } from '../../src/netlink/session.js';
import { HelperProcess } from '../../src/netlink/transport/helper.js';
import { REPO_ROOT } from './fixtures.js';
import { netnsAdd, netnsDelete } from '../../src/system/netns.js';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Where the kernel-tested attributes are kept (committed; read by scripts/coverage-table.mjs). */
export const SEEN_FILE = join(REPO_ROOT, 'docs', 'kernel-seen.json');

export function uniqueNsName(): string {
  return `pnk-${randomBytes(4).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// Recording which attributes real kernel answers contain

/** set name → attribute types seen (unknown types included; the table counts the known ones). */
export type SeenMap = Map<string, Set<number>>;

interface Introspectable {
  target?: Codec<any>;
  resolve?: (ctx: DecodeContext, parent: Record<string, unknown> | undefined) => Codec<any> | undefined;
  selectorKey?: string;
  registry?: Registry<any>;
  indexed?: boolean;
  element?: Codec<any>;
}

const MAX_DEPTH = 40;

function walkCodec(
  codec: Codec<any>,
  ctx: DecodeContext,
  off: number,
  len: number,
  parent: Record<string, unknown> | undefined,
  enclosing: AttrSet<any> | undefined,
  seen: SeenMap,
  depth: number,
): void {
  if (depth > MAX_DEPTH) return;
  if (codec instanceof AttrSet) return walkSet(codec, ctx, off, len, seen, depth + 1);
  if (codec instanceof MessageCodec) {
    const saved = ctx.family;
    const ff = codec.header.familyField;
    if (ff !== undefined && len >= codec.header.size) {
      ctx.family = (codec.header.decode(ctx, off, codec.header.size) as Record<string, number>)[ff] ?? saved;
      ctx.tail = undefined;
    }
    const start = align4(codec.header.size);
    try {
      if (len > start) walkSet(codec.attributes, ctx, off + start, len - start, seen, depth + 1);
    } finally {
      ctx.family = saved;
    }
    return;
  }
  const c = codec as Codec<any> & Introspectable;
  if (typeof c.resolve === 'function') {
    const sub = c.resolve(ctx, parent);
    if (sub && sub !== codec) walkCodec(sub, ctx, off, len, parent, enclosing, seen, depth + 1);
    return;
  }
  if (c.target !== undefined) return walkCodec(c.target, ctx, off, len, parent, enclosing, seen, depth + 1);
  if (typeof c.selectorKey === 'string' && c.registry) {
    const sel = parent?.[c.selectorKey];
    const sub = sel === undefined || sel === null ? undefined : c.registry.get(sel as string);
    if (sub) walkCodec(sub, ctx, off, len, parent, enclosing, seen, depth + 1);
    return;
  }
  if (c.indexed === true && c.element) {
    for (let p = off; p + 4 <= off + len; ) {
      const l = ctx.view.getUint16(p, ctx.le);
      if (l < 4 || p + l > off + len) return;
      walkCodec(c.element, ctx, p + 4, l - 4, parent, enclosing, seen, depth + 1);
      p += align4(l);
    }
    return;
  }
  if (codec.wire === 'rtnexthop[]' && enclosing) {
    // RTA_MULTIPATH: rtnexthop structs, each followed by attributes of the enclosing (RTA_) set.
    for (let p = off; p + 8 <= off + len; ) {
      const l = ctx.view.getUint16(p, ctx.le);
      if (l < 8 || p + l > off + len) return;
      walkSet(enclosing, ctx, p + 8, l - 8, seen, depth + 1);
      p += align4(l);
    }
  }
}

function walkSet(set: AttrSet<any>, ctx: DecodeContext, off: number, len: number, seen: SeenMap, depth: number): void {
  let parent: Record<string, unknown> | undefined;
  let types = seen.get(set.name);
  if (!types) seen.set(set.name, (types = new Set()));
  const end = off + len;
  for (let p = off; p + 4 <= end; ) {
    const nlaLen = ctx.view.getUint16(p, ctx.le);
    const rawType = ctx.view.getUint16(p + 2, ctx.le);
    if (nlaLen < 4 || p + nlaLen > end) return;
    const type = rawType & NLA_TYPE_MASK;
    types.add(type);
    const spec = set.byType[type];
    if (spec) {
      const codec = spec.codec;
      const plen = nlaLen - 4;
      if (codec.size === undefined || plen === codec.size || codec.kind === 'struct') {
        if (parent === undefined) {
          try {
            parent = set.decode(ctx, off, len) as Record<string, unknown>;
          } catch {
            parent = {};
          }
          ctx.tail = undefined;
        }
        ctx.netOrder = (rawType & NLA_F_NET_BYTEORDER) !== 0;
        try {
          walkCodec(codec, ctx, p + 4, plen, parent, set, seen, depth);
        } finally {
          ctx.netOrder = false;
          ctx.tail = undefined;
        }
      }
    }
    p += align4(nlaLen);
  }
}

/** Record the (set, type) pairs of every family message in a datagram from the kernel. */
export function recordDatagram(data: Uint8Array, seen: SeenMap, family: Family = rtnetlink): void {
  const ctx = makeDecodeContext(data, HOST_LITTLE_ENDIAN, false);
  for (const raw of splitMessages(data, HOST_LITTLE_ENDIAN, ctx.view)) {
    const spec = family.get(raw.type);
    if (!spec) continue; // control messages (ACK, DONE, errors) carry no family attributes
    try {
      walkCodec(spec.body, ctx, raw.offset + NLMSG_HDRLEN, raw.length - NLMSG_HDRLEN, undefined, undefined, seen, 0);
    } catch {
      // A message the schemas cannot walk still decodes (or fails) in the session, where tests see it.
    }
  }
}

interface SeenFile {
  comment?: string;
  files: Record<string, Record<string, number[]>>;
}

/** Replace this test file's entry in docs/kernel-seen.json (under a lock: test files run in parallel). */
export function writeSeen(fileKey: string, seen: SeenMap): void {
  const lock = `${SEEN_FILE}.lock`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) rmdirSync(lock); // left by a killed run
      } catch {
        // gone meanwhile
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    let data: SeenFile = { files: {} };
    try {
      data = JSON.parse(readFileSync(SEEN_FILE, 'utf8')) as SeenFile;
    } catch {
      // first run
    }
    const entry: Record<string, number[]> = {};
    for (const name of [...seen.keys()].sort()) {
      const types = [...seen.get(name)!].sort((a, b) => a - b);
      if (types.length) entry[name] = types;
    }
    const files: SeenFile['files'] = { ...data.files, [fileKey]: entry };
    const sorted: SeenFile['files'] = {};
    for (const k of Object.keys(files).sort()) sorted[k] = files[k]!;
    const out: SeenFile = {
      comment: 'Attribute types (by attribute set) seen in real kernel answers during test/**/*.kernel.test.ts and the VM lane (test/vm); written by test/support/kernel.ts, read by scripts/coverage-table.mjs.',
      files: sorted,
    };
    const tmp = `${SEEN_FILE}.${process.pid}.tmp`;
    // One line per attribute set: small diffs when a run sees more or fewer attributes.
    const fileParts = Object.entries(out.files).map(([file, sets]) => {
      const lines = Object.entries(sets).map(([set, types]) => `      ${JSON.stringify(set)}: ${JSON.stringify(types)}`);
      return `    ${JSON.stringify(file)}: {\n${lines.join(',\n')}\n    }`;
    });
    writeFileSync(tmp, `{\n  "comment": ${JSON.stringify(out.comment)},\n  "files": {\n${fileParts.join(',\n')}\n  }\n}\n`);
    renameSync(tmp, SEEN_FILE);
  } finally {
    rmdirSync(lock);
  }
}

// ---------------------------------------------------------------------------------------------
// Namespaces with a session each

export class KernelNs {
  readonly session: Session;
  constructor(
    readonly name: string,
    readonly helper: HelperProcess,
    seen: SeenMap,
  ) {
    this.session = new Session({
      family: rtnetlink,
      timeoutMs: 10_000,
      observer: { received: (d) => recordDatagram(d, seen) },
    });
  }

  /** `ip -n NS -j -d ARGS...` parsed (iproute2 prints nothing for an empty list: []). */
  ip<T = any>(...args: string[]): T {
    const out = execFileSync('ip', ['-n', this.name, '-j', '-d', ...args], { encoding: 'utf8' });
    return (out.trim() ? JSON.parse(out) : []) as T;
  }

  /** `ip -n NS ARGS...` (plain output). */
  ipText(...args: string[]): string {
    return execFileSync('ip', ['-n', this.name, ...args], { encoding: 'utf8' });
  }

  /** One request; resolves with the reply bodies (none for an ACK). */
  async request<B = any>(req: Request<any>): Promise<B[]> {
    const msgs = await this.session.request<B>(req);
    return msgs.map((m) => m.body);
  }

  /** Many requests in one write; resolves when all are answered, rejects with the first error. */
  async batch(reqs: Request<any>[]): Promise<void> {
    const results = await this.settle(reqs);
    results.forEach((r, i) => {
      if (r instanceof NetlinkError) {
        r.message = `request ${i} of the batch: ${r.message}`;
        throw r;
      }
    });
  }

  /** Many requests in one write; each one's outcome (a NetlinkError or the reply bodies). */
  async settle(reqs: Request<any>[]): Promise<Array<NetlinkError | unknown[]>> {
    return Promise.all(
      this.session.batch(reqs).map((p) =>
        p.then(
          (ms) => ms.map((m) => m.body),
          (e: unknown) => {
            if (e instanceof NetlinkError) return e;
            throw e;
          },
        ),
      ),
    );
  }

  /** A whole dump's bodies, filtered client-side by `match` when given. */
  async dump<B = any>(d: { request: Request<any>; match?: (body: B, flags?: number) => boolean }): Promise<B[]> {
    const out: B[] = [];
    const msgs: NetlinkMessage<B>[] = await this.session.dump<B>(d.request).toArray();
    for (const m of msgs) if (!d.match || d.match(m.body, m.flags)) out.push(m.body);
    return out;
  }
}

export interface KernelEnv {
  helper: HelperProcess;
  ns: KernelNs[];
  seen: SeenMap;
}

/**
 * Register hooks creating `count` namespaces with a session each (root only). `testFile` is the
 * caller's `import.meta.url` (its base name keys the kernel-seen record).
 */
export function useKernelNamespaces(count: number, testFile: string): KernelEnv {
  const env = { ns: [] as KernelNs[], seen: new Map() as SeenMap } as KernelEnv;
  beforeAll(async () => {
    if (!isRoot) return;
    env.helper = await HelperProcess.start();
    for (let i = 0; i < count; i++) {
      const name = uniqueNsName();
      await netnsAdd(env.helper, name);
      const k = new KernelNs(name, env.helper, env.seen);
      env.ns.push(k);
      k.session.attach(await env.helper.openSocket({ protocol: NETLINK_ROUTE, netns: { kind: 'name', name } }, k.session.sink));
    }
  });
  afterAll(async () => {
    if (!env.helper) return;
    for (const k of env.ns) await k.session.close().catch(() => {});
    for (const k of env.ns) await netnsDelete(env.helper, k.name).catch(() => {});
    await env.helper.close();
    // Only when regenerating the coverage table: a normal test run leaves the tree untouched.
    if (env.seen.size && process.env.PURE_NETLINK_RECORD_SEEN === "1") writeSeen(relative(join(REPO_ROOT, 'test'), fileURLToPath(testFile)).replace(/\.test\.ts$/, ''), env.seen);
  });
  return env;
}

/**
 * Whether an error is the kernel's answer for a link kind it does not have (no module):
 * EOPNOTSUPP with the extack "Unknown device type".
 */
export function isUnknownDeviceType(e: unknown): boolean {
  return e instanceof NetlinkError && e.code === 'EOPNOTSUPP' && e.extackMessage === 'Unknown device type';
}

/** Find one entry of an `ip -j` list by ifname. */
export function byIfname<T extends { ifname?: string }>(list: T[], name: string): T {
  const x = list.find((l) => l.ifname === name);
  if (!x) throw new Error(`${name} not in ip output`);
  return x;
}
