/**
 * `pure-ip decode [--hex | --raw | --pcap] [-j] [--mnl] [--proto NAME] [--le | --be] [FILE | -]`:
 * print netlink datagrams from a file or stdin as an indented tree, JSON or libmnl boxes.
 */
import { readFile } from 'node:fs/promises';
import { HOST_LITTLE_ENDIAN } from '../netlink/byteorder.js';
import { NETLINK_GENERIC, NETLINK_PROTOCOLS, NETLINK_ROUTE } from '../netlink/constants.js';
import { decodeLenient } from '../netlink/decode.js';
import { datagramTreeToJson, formatDatagramTree, formatMnl } from '../netlink/inspect/format.js';
import { builtinFamilies } from './families.js';
import { genlFamilyByName, genlLines, genlRegistryFor } from './genl.js';
import type { Family } from '../netlink/family.js';
import { InputError, parseInput, type InputDatagram, type ParsedInput } from './input.js';
import { walkDatagram } from '../netlink/inspect/datagram.js';
import { jsonSafe, toHex } from '../netlink/inspect/values.js';

/**
 * The streams `pure-ip decode` reads from and writes to (process.stdin/stdout/stderr from the
 * CLI).
 */
export interface DecodeCommandIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Options of `decodeCommand()`. */
export interface DecodeCommandOptions {
  /** The families that name messages, found by the input's protocol. Default: builtinFamilies (rtnetlink). */
  families?: readonly Family[];
}

/** The usage text of `pure-ip decode`, as `--help` prints it. */
export const DECODE_USAGE = `Usage: pure-ip decode [--hex | --raw | --pcap] [-j | --mnl] [--proto NAME] [--le | --be] [--no-offsets] [FILE | -]

Decode netlink messages and print them as a tree (default), JSON (-j) or libmnl boxes (--mnl).
Input: pcap/pcapng from an nlmon interface, raw binary, or hex text (plain, 0x.. bytes,
strace -xx strings or hexdumps, xxd, hexdump -C). The format is detected unless given.
  --hex, --raw, --pcap   force the input format
  -j, --json             print JSON
  --mnl                  print libmnl's mnl_nlmsg_fprintf() boxes
  --proto NAME           netlink protocol when the input does not say (route, generic, 16...)
  --family NAME          generic netlink: the family of message ids the capture's nlctrl answers do not name (implies --proto generic)
  --le, --be             byte order of the netlink headers (default: the host's)
  --no-offsets           leave byte offsets out of the tree
Exit status: 0 all decoded, 1 some input did not decode, 2 usage error.`;


/** 'route', 'NETLINK_ROUTE', 'rtnetlink', '0' → 0. */
export function parseProtocol(name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  const n = name.toLowerCase().replace(/^netlink_/, '');
  if (n === 'rtnetlink' || n === 'rtnl') return NETLINK_ROUTE;
  if (n === 'genetlink' || n === 'genl') return NETLINK_PROTOCOLS.generic;
  if (n === 'inet_diag') return NETLINK_PROTOCOLS.sock_diag;
  return NETLINK_PROTOCOLS[n];
}

/** The kernel name of a netlink protocol number (`NETLINK_ROUTE`), or `protocol N` when unknown. */
export function protocolName(protocol: number): string {
  for (const [name, n] of Object.entries(NETLINK_PROTOCOLS)) if (n === protocol) return `NETLINK_${name.toUpperCase()}`;
  return `protocol ${protocol}`;
}

interface Args {
  format?: 'hex' | 'raw' | 'pcap';
  json: boolean;
  mnl: boolean;
  protocol?: number;
  littleEndian?: boolean;
  offsets: boolean;
  file?: string;
  /** Generic netlink family for the ids the capture's nlctrl answers do not resolve. */
  genlFamily?: string;
}

class UsageError extends Error {}

function parseArgs(args: string[]): Args | 'help' {
  const out: Args = { json: false, mnl: false, offsets: true };
  const setFormat = (f: Args['format']) => {
    if (out.format && out.format !== f) throw new UsageError(`--${out.format} and --${f} exclude each other`);
    out.format = f;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a) {
      case '-h': case '--help': case 'help': return 'help';
      case '--hex': setFormat('hex'); break;
      case '--raw': setFormat('raw'); break;
      case '--pcap': case '--pcapng': setFormat('pcap'); break;
      case '-j': case '--json': out.json = true; break;
      case '--mnl': out.mnl = true; break;
      case '--le': out.littleEndian = true; break;
      case '--be': out.littleEndian = false; break;
      case '--no-offsets': out.offsets = false; break;
      case '--family': {
        const v = args[++i];
        if (v === undefined) throw new UsageError(`${a} needs a generic netlink family name`);
        if (!genlFamilyByName(v)) throw new UsageError(`no spec for generic netlink family ${JSON.stringify(v)}`);
        out.genlFamily = v;
        out.protocol ??= NETLINK_GENERIC;
        break;
      }
      case '--proto': case '--protocol': case '-p': {
        const v = args[++i];
        if (v === undefined) throw new UsageError(`${a} needs a protocol name`);
        const p = parseProtocol(v);
        if (p === undefined) throw new UsageError(`unknown netlink protocol ${JSON.stringify(v)}`);
        out.protocol = p;
        break;
      }
      default:
        if (a.startsWith('--proto=')) {
          const p = parseProtocol(a.slice(8));
          if (p === undefined) throw new UsageError(`unknown netlink protocol ${JSON.stringify(a.slice(8))}`);
          out.protocol = p;
        } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        else if (out.file !== undefined) throw new UsageError(`one input at a time (${out.file}, ${a})`);
        else out.file = a;
    }
  }
  if (out.json && out.mnl) throw new UsageError('-j and --mnl exclude each other');
  return out;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer | string>) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return new Uint8Array(Buffer.concat(chunks));
}

function datagramTitle(d: InputDatagram, index: number, protocol: number): string {
  const parts = [d.source];
  if (d.timestamp !== undefined) parts.push(`t=${d.timestamp.toFixed(6)}`);
  if (d.direction) parts.push(d.direction === 'request' ? 'to kernel' : 'from kernel');
  if (d.protocol !== undefined || protocol !== NETLINK_ROUTE) parts.push(protocolName(protocol));
  if (d.truncated) parts.push('TRUNCATED by the capture');
  return `datagram ${index + 1}: ${d.bytes.length} bytes (${parts.join(', ')})`;
}

/**
 * Run `pure-ip decode`. Returns the exit status: 0 when everything decoded, 1 when some message
 * did not (each failure is reported with its byte offset, and decoding goes on), 2 on a usage
 * error.
 */
export async function decodeCommand(args: string[], io: DecodeCommandIO, options: DecodeCommandOptions = {}): Promise<number> {
  let a: Args | 'help';
  try {
    a = parseArgs(args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`pure-ip decode: ${e.message}\n${DECODE_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (a === 'help') {
    io.stdout.write(DECODE_USAGE + '\n');
    return 0;
  }
  const families = options.families ?? builtinFamilies;

  let data: Uint8Array;
  try {
    data = a.file === undefined || a.file === '-' ? await readAll(io.stdin) : new Uint8Array(await readFile(a.file));
  } catch (e) {
    io.stderr.write(`pure-ip decode: cannot read ${a.file ?? 'stdin'}: ${(e as Error).message}\n`);
    return 2;
  }

  let parsed: ParsedInput;
  try {
    parsed = parseInput(data, a.format);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr.write(`pure-ip decode: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  for (const w of parsed.warnings) io.stderr.write(`pure-ip decode: warning: ${w}\n`);

  // Generic netlink ids come from the capture's own nlctrl exchange (or --family).
  const genericDatagrams = parsed.datagrams
    .filter((d) => (d.protocol ?? a.protocol ?? NETLINK_ROUTE) === NETLINK_GENERIC)
    .map((d) => ({ bytes: d.bytes, littleEndian: a.littleEndian ?? d.littleEndian ?? HOST_LITTLE_ENDIAN }));
  const genl = genericDatagrams.length
    ? genlRegistryFor(genericDatagrams, a.genlFamily !== undefined ? genlFamilyByName(a.genlFamily) : undefined)
    : undefined;

  let failed = false;
  const jsonOut: unknown[] = [];
  const text: string[] = [];
  parsed.datagrams.forEach((d, i) => {
    const protocol = d.protocol ?? a.protocol ?? NETLINK_ROUTE;
    const le = a.littleEndian ?? d.littleEndian ?? HOST_LITTLE_ENDIAN;
    const family = protocol === NETLINK_GENERIC && genl ? genl : families.find((f) => f.protocol === protocol);
    const tree = walkDatagram(d.bytes, { family, littleEndian: le });
    const bad = tree.errors.length > 0 || tree.messages.some((m) => m.error);
    if (bad) failed = true;
    if (a.json) {
      const decoded = decodeLenient(d.bytes, family, { littleEndian: le, keepLayout: false });
      const j = datagramTreeToJson(tree) as { messages: Array<Record<string, unknown>> };
      j.messages.forEach((m, k) => {
        const r = decoded.find((x) => x.message?.offset === m.offset);
        if (r?.message) {
          m.decoded = jsonSafe(r.message.body);
          if (r.message.echoedRequest) m.echoedRequest = jsonSafe({ typeName: r.message.echoedRequest.typeName, body: r.message.echoedRequest.body });
        }
        void k;
      });
      jsonOut.push({
        index: i, source: d.source,
        ...(d.timestamp !== undefined ? { timestamp: d.timestamp } : {}),
        ...(d.direction ? { direction: d.direction } : {}),
        ...(d.pkttype !== undefined ? { pkttype: d.pkttype } : {}),
        ...(d.truncated ? { truncated: true } : {}),
        protocol, littleEndian: le, hex: toHex(d.bytes), ...j,
      });
      return;
    }
    text.push(datagramTitle(d, i, protocol));
    if (protocol === NETLINK_GENERIC && genl && !a.mnl) {
      text.push(...genlLines(d.bytes, genl, le), '');
      return;
    }
    if (a.mnl) {
      text.push(formatMnl(d.bytes, { littleEndian: le, family }).replace(/\n$/, ''));
      for (const m of tree.messages) if (m.error) text.push(`!! message @${m.offset}: ${m.error.message}`);
      for (const e of tree.errors) text.push(`!! ${e.message}`);
    } else {
      text.push(...formatDatagramTree(tree, { indent: '  ', offsets: a.offsets }));
    }
    text.push('');
  });

  if (parsed.datagrams.length === 0) {
    io.stderr.write('pure-ip decode: no netlink data found in the input\n');
    failed = true;
  }
  if (a.json) {
    io.stdout.write(JSON.stringify({ format: parsed.format, ...(parsed.hexStyle ? { hexStyle: parsed.hexStyle } : {}), ...(parsed.warnings.length ? { warnings: parsed.warnings } : {}), datagrams: jsonOut }, null, 2) + '\n');
  } else if (text.length) {
    io.stdout.write(text.join('\n') + '\n');
  }
  if (failed && parsed.datagrams.length) io.stderr.write('pure-ip decode: some messages did not decode (see "!!" lines)\n');
  return failed ? 1 : 0;
}
