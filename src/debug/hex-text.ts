/** Hex text: plain, `0x` bytes, `strace -xx` quoted strings, strace's `-e read=/write=` hexdumps, `xxd`, `hexdump -C`. */
import { InputError, type HexStyle, type InputDatagram, type ParsedInput } from './input-types.js';

const RE_STRACE_DUMP = /^(?:\s*(?:\[pid\s+\d+\]|\d+))?\s*\|\s*([0-9a-fA-F]{5,8})\s{2}(.*?)\s*\|\s*$/;
const RE_HEXDUMP_C = /^([0-9a-fA-F]{7,8})\s{2}([0-9a-fA-F]{2}(?:\s{1,2}[0-9a-fA-F]{2})*)\s*(?:\|.*\|)?\s*$/;
const RE_HEXDUMP_END = /^([0-9a-fA-F]{7,8})\s*$/;
const RE_XXD = /^([0-9a-fA-F]{7,8}):\s(.*)$/;
const RE_SYSCALL = /\b(sendmsg|sendto|sendmmsg|write|writev|recvmsg|recvfrom|recvmmsg|read|readv)\(/;
const RE_QUOTED = /"((?:\\.|[^"\\])*)"/g;
const RE_TIME = /^\s*(?:\[pid\s+\d+\]\s*|\d+\s+)?(\d+\.\d+)\s/;

interface Chunk {
  bytes: number[];
  line: number;
  direction?: 'request' | 'response';
  timestamp?: number;
}

function directionOfSyscall(name: string): 'request' | 'response' {
  return name.startsWith('send') || name.startsWith('write') ? 'request' : 'response';
}

function hexPairs(s: string, out: number[], line: number): void {
  for (let i = 0; i + 1 < s.length; i += 2) {
    const b = parseInt(s.slice(i, i + 2), 16);
    if (Number.isNaN(b)) throw new InputError(`bad hex ${JSON.stringify(s.slice(i, i + 2))} on line ${line}`);
    out.push(b);
  }
}

/** Decode the C escapes strace prints inside a quoted string. */
export function unescapeStrace(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      if (c < 0x80) out.push(c);
      else for (const b of new TextEncoder().encode(s[i]!)) out.push(b);
      continue;
    }
    const e = s[++i];
    if (e === undefined) break;
    if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1, i + 3));
      if (m) {
        out.push(parseInt(m[0], 16));
        i += m[0].length;
      } else out.push(0x78);
    } else if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(s.slice(i, i + 3))!;
      out.push(parseInt(m[0], 8) & 0xff);
      i += m[0].length - 1;
    } else {
      const map: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, a: 7, b: 8, e: 27, '\\': 0x5c, '"': 0x22, "'": 0x27 };
      out.push(map[e] ?? e.charCodeAt(0));
    }
  }
  return out;
}

/**
 * Hex text in any of the supported styles. Datagram boundaries: a dump whose offset goes back
 * to 0, a new strace syscall line, a blank line, or (plain hex) a line that holds whole
 * netlink messages on its own.
 */
export function parseHexText(text: string): ParsedInput {
  const lines = text.split(/\r?\n/);
  const warnings: string[] = [];
  let dumpStyle: HexStyle | undefined;
  for (const l of lines) {
    if (RE_STRACE_DUMP.test(l)) { dumpStyle = 'strace-hexdump'; break; }
    if (RE_XXD.test(l) && !RE_SYSCALL.test(l)) { dumpStyle = 'xxd'; break; }
    if (RE_HEXDUMP_C.test(l)) { dumpStyle = 'hexdump-C'; break; }
  }
  let chunks: Chunk[];
  let style: HexStyle;
  if (dumpStyle) {
    chunks = parseDumps(lines, dumpStyle, warnings);
    style = dumpStyle;
  } else if (lines.some((l) => /"(?:[^"\\]|\\.)*\\x[0-9a-fA-F]{2}/.test(l))) {
    chunks = parseStraceStrings(lines);
    style = 'strace-string';
  } else {
    chunks = parsePlain(lines, warnings);
    style = 'plain';
  }
  const datagrams = chunks
    .filter((c) => c.bytes.length > 0)
    .map((c) => {
      const d: InputDatagram = { bytes: Uint8Array.from(c.bytes), source: `line ${c.line}` };
      if (c.direction) d.direction = c.direction;
      if (c.timestamp !== undefined) d.timestamp = c.timestamp;
      return d;
    });
  return { format: 'hex', hexStyle: style, datagrams, warnings };
}

function syscallInfo(line: string): { direction?: 'request' | 'response'; timestamp?: number } | undefined {
  const m = RE_SYSCALL.exec(line);
  if (!m) return undefined;
  const out: { direction?: 'request' | 'response'; timestamp?: number } = { direction: directionOfSyscall(m[1]!) };
  const t = RE_TIME.exec(line);
  if (t) out.timestamp = Number(t[1]);
  return out;
}

function parseDumps(lines: string[], style: HexStyle, warnings: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let cur: Chunk | undefined;
  let pending: { direction?: 'request' | 'response'; timestamp?: number } = {};
  let lastLine: number[] = [];
  let squeezed = false;
  const start = (lineNo: number) => {
    cur = { bytes: [], line: lineNo, ...pending };
    chunks.push(cur);
  };
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const sys = syscallInfo(line);
    if (sys && !RE_STRACE_DUMP.test(line)) {
      pending = sys;
      cur = undefined;
      return;
    }
    if (line.trim() === '') {
      cur = undefined;
      return;
    }
    if (line.trim() === '*') {
      squeezed = true;
      return;
    }
    let offset: number;
    const bytes: number[] = [];
    let m: RegExpExecArray | null;
    if (style === 'strace-hexdump' && (m = RE_STRACE_DUMP.exec(line))) {
      offset = parseInt(m[1]!, 16);
      // " | 00000  xx xx ... (49 columns)  ascii |": the hex field has a fixed width.
      const field = m[2]!.slice(0, 49);
      for (const tok of field.trim().split(/\s+/)) if (/^[0-9a-fA-F]{2}$/.test(tok)) bytes.push(parseInt(tok, 16));
    } else if (style === 'xxd' && (m = RE_XXD.exec(line))) {
      offset = parseInt(m[1]!, 16);
      // The hex groups end at the first double space; the ASCII column follows.
      const field = m[2]!.split(/ {2,}/)[0]!;
      for (const tok of field.trim().split(/\s+/)) {
        if (!/^(?:[0-9a-fA-F]{2})+$/.test(tok)) break;
        hexPairs(tok, bytes, lineNo);
      }
    } else if (style === 'hexdump-C' && (m = RE_HEXDUMP_C.exec(line))) {
      offset = parseInt(m[1]!, 16);
      for (const tok of m[2]!.trim().split(/\s+/)) bytes.push(parseInt(tok, 16));
    } else if (style === 'hexdump-C' && (m = RE_HEXDUMP_END.exec(line))) {
      // The final offset line: fill a squeezed run up to it.
      const end = parseInt(m[1]!, 16);
      if (cur && squeezed) fillSqueezed(cur, lastLine, end);
      squeezed = false;
      cur = undefined;
      return;
    } else {
      if (/[0-9a-fA-F]{2}/.test(line) && !sys) warnings.push(`line ${lineNo}: not a ${style} line; skipped`);
      return;
    }
    if (offset === 0 || !cur) {
      if (offset !== 0) warnings.push(`line ${lineNo}: dump starts at offset ${offset}, not 0`);
      start(lineNo);
    }
    const c = cur!;
    if (squeezed) {
      fillSqueezed(c, lastLine, offset);
      squeezed = false;
    }
    if (offset !== c.bytes.length) {
      warnings.push(`line ${lineNo}: offset 0x${offset.toString(16)} where 0x${c.bytes.length.toString(16)} was expected`);
      if (offset > c.bytes.length) for (let k = c.bytes.length; k < offset; k++) c.bytes.push(0);
      else c.bytes.length = offset;
    }
    c.bytes.push(...bytes);
    lastLine = bytes;
  });
  return chunks;
}

function fillSqueezed(c: Chunk, last: number[], until: number): void {
  if (!last.length) return;
  while (c.bytes.length + last.length <= until) c.bytes.push(...last);
}

function parseStraceStrings(lines: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  lines.forEach((line, i) => {
    const strs = [...line.matchAll(RE_QUOTED)].map((m) => m[1]!);
    const hexy = strs.filter((s) => /\\x[0-9a-fA-F]{2}/.test(s) || /^\\[0-7]/.test(s));
    if (!hexy.length) return;
    const sys = syscallInfo(line);
    const bytes: number[] = [];
    for (const s of hexy) bytes.push(...unescapeStrace(s));
    chunks.push({ bytes, line: i + 1, ...(sys ?? {}) });
  });
  return chunks;
}

function plainLineBytes(line: string, lineNo: number): number[] | undefined {
  let s = line.replace(/\/\/.*$|#.*$/, '').trim();
  if (!s) return undefined;
  const bytes: number[] = [];
  if (/0x[0-9a-fA-F]/.test(s)) {
    for (const m of s.matchAll(/0x([0-9a-fA-F]+)/g)) {
      const h = m[1]!;
      hexPairs(h.length % 2 ? '0' + h : h, bytes, lineNo);
    }
    return bytes;
  }
  s = s.replace(/\\x/g, '').replace(/[\s,:;{}\[\]-]+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(s)) throw new InputError(`line ${lineNo} is not hex: ${JSON.stringify(line.slice(0, 60))}`);
  if (s.length % 2) throw new InputError(`line ${lineNo} has an odd number of hex digits`);
  hexPairs(s, bytes, lineNo);
  return bytes;
}

/** Whether bytes hold whole netlink messages (either byte order), ending exactly or in zero padding. */
function holdsWholeMessages(b: number[]): boolean {
  const tryOrder = (le: boolean) => {
    let p = 0;
    while (p + 16 <= b.length) {
      const len = le ? b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24) : (b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!;
      if (len === 0) return b.slice(p).every((x) => x === 0) && p > 0;
      if (len < 16 || p + len > b.length) return false;
      p += (len + 3) & ~3;
    }
    return p >= b.length && p > 0;
  };
  return tryOrder(true) || tryOrder(false);
}

function parsePlain(lines: string[], warnings: string[]): Chunk[] {
  // Paragraphs (separated by blank lines); inside one, lines that each hold whole messages are
  // separate datagrams, else the lines are one datagram wrapped over several lines.
  const paragraphs: Array<Array<{ bytes: number[]; line: number }>> = [[]];
  lines.forEach((line, i) => {
    const bytes = plainLineBytes(line, i + 1);
    if (bytes === undefined) {
      if (paragraphs[paragraphs.length - 1]!.length) paragraphs.push([]);
      return;
    }
    if (bytes.length) paragraphs[paragraphs.length - 1]!.push({ bytes, line: i + 1 });
  });
  void warnings;
  const chunks: Chunk[] = [];
  for (const para of paragraphs) {
    if (!para.length) continue;
    if (para.length > 1 && para.every((l) => holdsWholeMessages(l.bytes))) {
      for (const l of para) chunks.push({ bytes: l.bytes, line: l.line });
    } else {
      chunks.push({ bytes: para.flatMap((l) => l.bytes), line: para[0]!.line });
    }
  }
  return chunks;
}
