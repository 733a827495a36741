/**
 * pure-ynl: the kernel's ynl command line (tools/net/ynl/cli.py) on pure-netlink, for every
 * generic netlink family generated from the YNL specs.
 *
 *   pure-ynl --family NAME --do OP [--json '{...}'] [--output-json] [-n NETNS]
 *   pure-ynl --family NAME --dump OP [--json '{...}'] [--output-json] [-n NETNS]
 *   pure-ynl --family NAME --subscribe GROUP [--duration SECONDS] [--count N] [--output-json]
 *   pure-ynl --family NAME --list-ops
 *   pure-ynl --list-families
 *
 * Attribute names in --json and in the output are the spec's ('dev-name'); binary values are
 * hex; enum and flag values are the spec's names. Errors print the errno, the extended ACK
 * message and the offending attribute.
 */
import { Netlink } from '../../api/netlink.js';
import type { Handle } from '../../api/handle.js';
import { genlFamilies } from '../../genl/generated/index.js';
import { attrsFromSpecJson, attrsToSpecJson, camelKey, stringifySpecJson } from '../../genl/json.js';
import type { GenlFamily, GenlOpDef } from '../../genl/spec.js';
import { NetlinkError, PureNetlinkError, strerror } from '../../netlink/errors.js';
import type { CliIO } from '../env.js';

const USAGE = `usage: pure-ynl --family NAME [-n NETNS] [--output-json]
                (--do OP | --dump OP) [--json JSON]
                | --subscribe GROUP [--duration SECONDS] [--count N]
                | --list-ops
       pure-ynl --list-families
`;

interface Args {
  family?: string;
  do?: string;
  dump?: string;
  json?: string;
  subscribe?: string;
  duration?: number;
  count?: number;
  listOps: boolean;
  listFamilies: boolean;
  outputJson: boolean;
  netns?: string;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { listOps: false, listFamilies: false, outputJson: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const number = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: not a number: ${v}`);
      return n;
    };
    switch (flag) {
      case '--family': args.family = value(); break;
      case '--do': args.do = value(); break;
      case '--dump': args.dump = value(); break;
      case '--json': args.json = value(); break;
      case '--subscribe': args.subscribe = value(); break;
      case '--duration':
      case '--sleep': args.duration = number(); break;
      case '--count': args.count = number(); break;
      case '--list-ops': args.listOps = true; break;
      case '--list-families': args.listFamilies = true; break;
      case '--output-json': args.outputJson = true; break;
      case '-n':
      case '--netns': args.netns = value(); break;
      case '-h':
      case '--help': throw new UsageError('');
      default: throw new UsageError(`unrecognized argument: ${a}`);
    }
  }
  return args;
}

function familyOf(name: string | undefined): GenlFamily<unknown, unknown> {
  if (!name) throw new UsageError('--family is required');
  const f = (genlFamilies as Record<string, GenlFamily<unknown, unknown>>)[name] ?? (genlFamilies as Record<string, GenlFamily<unknown, unknown>>)[name.replace(/-/g, '_')];
  if (!f) throw new UsageError(`unknown family ${JSON.stringify(name)} (specs: ${Object.keys(genlFamilies).join(', ')})`);
  return f;
}

function modes(op: GenlOpDef): string[] {
  const out: string[] = [];
  if (op.do) out.push('do');
  if (op.dump) out.push('dump');
  if (op.notify || op.event) out.push('notify');
  return out;
}

/** The fixed-header fields given in --json (ovs families): spec spelling → camelCase, taken out of the attributes. */
function splitHeader(family: GenlFamily<unknown, unknown>, json: Record<string, unknown>): { header: Record<string, number>; attrs: Record<string, unknown> } {
  const header: Record<string, number> = {};
  const attrs: Record<string, unknown> = {};
  const fields = new Set((family.fixedHeader ?? []).map(([k]) => k));
  for (const [k, v] of Object.entries(json)) {
    if (fields.has(camelKey(k)) && typeof v === 'number') header[camelKey(k)] = v;
    else attrs[k] = v;
  }
  return { header, attrs };
}

/** An error as ynl prints it: the errno text, then the extended ACK with the attribute in spec spelling. */
function describeError(e: NetlinkError): string {
  const extack: Record<string, unknown> = {};
  if (e.extack.message) extack.msg = e.extack.message;
  if (e.attributePath) extack['bad-attr'] = `.${e.attributePath.split('.').map((s) => s.replace(/_/g, '-')).join('.')}`;
  if (e.extack.missingType !== undefined) extack['miss-type'] = e.extack.missingType;
  const tail = Object.keys(extack).length ? `\textack: ${JSON.stringify(extack)}` : '';
  return `Netlink error: ${strerror(e.errno)} (${e.code})\n\terror: ${-e.errno}${tail}\n`;
}

/** One `pure-ynl` invocation; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
    if (args.listFamilies) {
      io.stdout(Object.values(genlFamilies).map((f) => `${f.name}\t${f.protocol}\t${f.source}\n`).join(''));
      return 0;
    }
    const family = familyOf(args.family);
    if (args.listOps) {
      for (const op of family.ops) io.stdout(`${op.name} [${modes(op).join(', ')}]\n`);
      return 0;
    }
    const chosen = [args.do, args.dump, args.subscribe].filter((x) => x !== undefined).length;
    if (chosen !== 1) throw new UsageError('give one of --do OP, --dump OP, --subscribe GROUP (or --list-ops)');
    let json: Record<string, unknown> = {};
    if (args.json !== undefined) {
      try {
        json = JSON.parse(args.json) as Record<string, unknown>;
      } catch (e) {
        throw new UsageError(`--json: ${(e as Error).message}`);
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UsageError('--json must be a JSON object');
    }
    return await run(args, family, json, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(e.message ? `pure-ynl: error: ${e.message}\n${USAGE}` : USAGE);
      return e.message ? 2 : 0;
    }
    if (e instanceof NetlinkError) {
      io.stderr(describeError(e));
      return 1;
    }
    if (e instanceof PureNetlinkError) {
      io.stderr(`pure-ynl: ${e.name}: ${e.message}\n`);
      return 1;
    }
    io.stderr(`pure-ynl: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

async function run(args: Args, family: GenlFamily<unknown, unknown>, json: Record<string, unknown>, io: CliIO): Promise<number> {
  const print = (value: unknown) => io.stdout(`${stringifySpecJson(value, args.outputJson ? undefined : 2)}\n`);
  const root = await Netlink.open();
  try {
    const h: Handle = args.netns !== undefined ? root.in(args.netns) : root;
    const client = h.genl(family);
    if (args.subscribe !== undefined) return await subscribe(args, family, client, io, print);
    const opName = (args.do ?? args.dump)!;
    const op = family.op(opName);
    if (!op || op.request === undefined) {
      const known = family.ops.filter((o) => o.request !== undefined).map((o) => o.name);
      throw new UsageError(`${family.name} has no operation ${JSON.stringify(opName)} (operations: ${known.join(', ')})`);
    }
    const { header, attrs: specAttrs } = splitHeader(family, json);
    const attrs = op.set ? attrsFromSpecJson(family, op.set, specAttrs) : {};
    if (args.do !== undefined) {
      const reply = await client.do(opName as never, attrs as never, { header });
      if (reply !== undefined && op.set) print(attrsToSpecJson(family, op.set, reply as Record<string, unknown>));
      else if (reply === undefined) print(null);
    } else {
      const replies = (await client.dump(opName as never, attrs as never, { header })) as Array<Record<string, unknown>>;
      print(replies.map((r) => (op.set ? attrsToSpecJson(family, op.set, r) : r)));
    }
    return 0;
  } finally {
    await root.context.close();
  }
}

async function subscribe(
  args: Args,
  family: GenlFamily<unknown, unknown>,
  client: ReturnType<Handle['genl']>,
  io: CliIO,
  print: (value: unknown) => void,
): Promise<number> {
  const sub = client.subscribe(args.subscribe!);
  await sub.ready();
  const stop = () => void sub.close();
  const timer = args.duration !== undefined ? setTimeout(stop, args.duration * 1000) : undefined;
  io.signal?.addEventListener('abort', stop, { once: true });
  let n = 0;
  try {
    for await (const ntf of sub as AsyncIterable<{ op: string | number; attrs: Record<string, unknown> }>) {
      const op = typeof ntf.op === 'string' ? family.op(ntf.op) : undefined;
      print({ name: ntf.op, msg: op?.set ? attrsToSpecJson(family, op.set, ntf.attrs) : ntf.attrs });
      if (args.count !== undefined && ++n >= args.count) break;
    }
  } finally {
    if (timer) clearTimeout(timer);
    io.signal?.removeEventListener('abort', stop);
    await sub.close();
  }
  return 0;
}
