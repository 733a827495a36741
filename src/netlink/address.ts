/**
 * Address text forms exactly as iproute2 prints them (glibc inet_ntop for IPv4/IPv6, lowercase
 * colon hex for link-layer addresses), and strict parsers that throw EncodeError.
 */
import { EncodeError } from './errors.js';

/** The dotted quad of the 4 bytes at `off` of `buf` (`10.0.0.1`). */
export function formatIPv4(buf: Uint8Array, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/** RFC 5952 text, as glibc's inet_ntop writes it (including its ::ffff:a.b.c.d and ::a.b.c.d forms). */
export function formatIPv6(buf: Uint8Array, off: number): string {
  const words: number[] = new Array(8);
  for (let i = 0; i < 8; i++) words[i] = (buf[off + 2 * i]! << 8) | buf[off + 2 * i + 1]!;
  // Longest run of zero words (length >= 2), first one wins on ties.
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase < 0) { curBase = i; curLen = 1; } else curLen++;
      if (curLen > bestLen) { bestBase = curBase; bestLen = curLen; }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // Embedded IPv4 (compatible or mapped), as glibc prints it.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += formatIPv4(buf, off + 12);
      break;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/**
 * `len` bytes at `off` as colon-separated lower-case hex, as `ip link` prints a link-layer address
 * (`02:00:00:00:00:01`).
 */
export function formatMac(buf: Uint8Array, off: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const b = buf[off + i]!;
    s += (i ? ':' : '') + (b < 16 ? '0' : '') + b.toString(16);
  }
  return s;
}

/**
 * The 4 bytes of a dotted-quad IPv4 address; EncodeError for anything else (no shorthand forms
 * such as `10.1`).
 */
export function parseIPv4(text: unknown): Uint8Array {
  if (typeof text !== 'string') throw new EncodeError(`IPv4 address expected, got ${typeof text}`);
  const parts = text.split('.');
  if (parts.length !== 4) throw new EncodeError(`invalid IPv4 address ${JSON.stringify(text)}`);
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new EncodeError(`invalid IPv4 address ${JSON.stringify(text)}`);
    out[i] = Number(p);
  }
  return out;
}

/** Whether `text` is a dotted-quad IPv4 address parseIPv4 accepts. */
export function isIPv4(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) && text.split('.').every((p) => Number(p) <= 255);
}

/**
 * Whether `text` is an IPv6 address parseIPv6 accepts (RFC 4291 text forms, including an embedded
 * IPv4 tail).
 */
export function isIPv6(text: string): boolean {
  try {
    parseIPv6(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The 16 bytes of an IPv6 address in any RFC 4291 text form (`::1`, `fe80::1`, `::ffff:10.0.0.1`);
 * EncodeError for anything else.
 */
export function parseIPv6(text: unknown): Uint8Array {
  if (typeof text !== 'string') throw new EncodeError(`IPv6 address expected, got ${typeof text}`);
  const bad = (): never => {
    throw new EncodeError(`invalid IPv6 address ${JSON.stringify(text)}`);
  };
  let s = text;
  const out = new Uint8Array(16);
  // Trailing embedded IPv4.
  let tailV4: Uint8Array | undefined;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(s.slice(lastColon + 1));
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) bad();
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(h)) bad();
    return parseInt(h, 16);
  }));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (halves.length === 1 && head.length !== 8) bad();
  if (halves.length === 2 && head.length + tail.length > 7) bad();
  const words = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i]! >> 8;
    out[2 * i + 1] = words[i]! & 0xff;
  }
  if (tailV4) out.set(tailV4, 12);
  return out;
}

/** Link-layer address: 'aa:bb:cc:dd:ee:ff' (any number of bytes, ':' or '-' separated). */
export function parseMac(text: unknown): Uint8Array {
  if (typeof text !== 'string' || !/^[0-9a-fA-F]{1,2}([:-][0-9a-fA-F]{1,2})*$/.test(text)) {
    throw new EncodeError(`invalid link-layer address ${JSON.stringify(text)}`);
  }
  return Uint8Array.from(text.split(/[:-]/).map((h) => parseInt(h, 16)));
}

/** Parse 'a.b.c.d' or an IPv6 text into bytes (4 or 16). */
export function parseIP(text: string): Uint8Array {
  return text.includes(':') ? parseIPv6(text) : parseIPv4(text);
}
