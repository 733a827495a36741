/**
 * Netlink bytes in the forms people have them: pcap / pcapng captured on an nlmon interface
 * (LINKTYPE_NETLINK), raw binary, and hex text (plain, `0x` bytes, `strace -xx` quoted strings,
 * strace's `-e read=/write=` hexdumps, `xxd`, `hexdump -C`). Each yields datagrams with what the
 * input says about them (timestamp, direction, netlink protocol).

 */
import { parseHexText } from './hex-text.js';
import type { InputFormat, ParsedInput } from './input-types.js';
import { PCAP_MAGICS, PCAPNG_SHB, parsePcap, parsePcapng } from './pcap.js';

export * from './input-types.js';
export { parseHexText, unescapeStrace } from './hex-text.js';
export {
  ARPHRD_NETLINK, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NETLINK, PACKET_HOST, PACKET_KERNEL, PACKET_OUTGOING,
  PACKET_USER, guessByteOrder, parsePcap, parsePcapng,
} from './pcap.js';

/** Which kind of input this is (pcap, pcapng, text hex, or raw binary). */
export function detectFormat(data: Uint8Array): InputFormat {
  if (data.length >= 4) {
    const be = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, false);
    if (PCAP_MAGICS.some(([m]) => m === be)) return 'pcap';
    if (be === PCAPNG_SHB) return 'pcapng';
  }
  return looksLikeText(data) ? 'hex' : 'raw';
}

function looksLikeText(data: Uint8Array): boolean {
  if (data.length === 0) return true;
  const n = Math.min(data.length, 65536);
  let hexish = 0;
  for (let i = 0; i < n; i++) {
    const c = data[i]!;
    if (c === 9 || c === 10 || c === 13) continue;
    if (c < 0x20 || c > 0x7e) return false;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) hexish++;
  }
  return hexish > 0;
}

/**
 * Parse input bytes. `format` forces a reading ('hex', 'raw', 'pcap' — which also accepts
 * pcapng); without it the format is detected.
 */
export function parseInput(data: Uint8Array, format?: 'hex' | 'raw' | 'pcap' | 'auto'): ParsedInput {
  const detected = detectFormat(data);
  const f = !format || format === 'auto' ? detected : format;
  switch (f) {
    case 'pcap':
    case 'pcapng':
      if (detected === 'pcapng') return parsePcapng(data);
      return parsePcap(data);
    case 'raw':
      return { format: 'raw', datagrams: [{ bytes: data, source: 'byte 0' }], warnings: [] };
    case 'hex':
      return parseHexText(new TextDecoder().decode(data));
  }
}
