/**
 * Nested attribute sets the tc schemas keep as bytes (flower's and tunnel_key's tunnel options,
 * flower's MPLS label stack), walked as iproute2's parse_rtattr walks them: host byte order, the
 * NLA_F_NESTED / NLA_F_NET_BYTEORDER bits masked off the type.
 */
/** Whether this host is little-endian (netlink headers and u16/u32 payloads are in host order). */
export const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** One level of netlink attributes in host order. */
export function nlas(b: Uint8Array): Array<{ type: number; data: Uint8Array }> {
  const out: Array<{ type: number; data: Uint8Array }> = [];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let off = 0; off + 4 <= b.length; ) {
    const len = view.getUint16(off, LE);
    if (len < 4 || off + len > b.length) break;
    // NLA_F_NESTED / NLA_F_NET_BYTEORDER are not part of the type
    out.push({ type: view.getUint16(off + 2, LE) & 0x3fff, data: b.subarray(off + 4, off + len) });
    off += (len + 3) & ~3;
  }
  return out;
}
/** parse_rtattr: the first attribute of each type. */
export function table(b: Uint8Array | undefined): Map<number, Uint8Array> {
  const t = new Map<number, Uint8Array>();
  for (const a of b ? nlas(b) : []) if (!t.has(a.type)) t.set(a.type, a.data);
  return t;
}
export const u8 = (d: Uint8Array | undefined) => d?.[0] ?? 0;
export const be16 = (d: Uint8Array | undefined) => (d && d.length >= 2 ? (d[0]! << 8) | d[1]! : 0);
export const u32 = (d: Uint8Array | undefined) => (d && d.length >= 4 ? new DataView(d.buffer, d.byteOffset, 4).getUint32(0, LE) : 0);
export const be32 = (d: Uint8Array | undefined) => (d && d.length >= 4 ? new DataView(d.buffer, d.byteOffset, 4).getUint32(0, false) : 0);
export const hexOf = (d: Uint8Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex');

