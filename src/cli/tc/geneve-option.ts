/**
 * One geneve option of a tunnel key, as both iproute2 printers read it (tc/m_tunnel_key.c
 * tunnel_key_print_geneve_options, tc/f_flower.c flower_print_geneve_opts).
 */
import { PRINT_JSON, type Printer } from '../format/printer.js';
import { be16, hexOf, table, u8 } from './nla-bytes.js';

/**
 * Prints the first option of `opts` as its JSON object (class, type, data bytes) and returns its
 * `class:type:data` text and the bytes after it. iproute2 steps over class (8 bytes), type (8)
 * and the data attribute's header (4) plus the data, whatever the attributes' real layout.
 */
export function geneveOption(p: Printer, opts: Uint8Array): { text: string; rest: Uint8Array } {
  const t = table(opts);
  const data = t.get(3) ?? new Uint8Array();
  const cls = be16(t.get(1));
  const type = u8(t.get(2));
  p.openObject(null);
  p.uint(PRINT_JSON, 'class', null, cls);
  p.uint(PRINT_JSON, 'type', null, type);
  p.openArray(PRINT_JSON, 'data');
  for (const b of data) p.uint(PRINT_JSON, null, null, b);
  p.closeArray(PRINT_JSON, 'data');
  p.closeObject();
  return {
    text: `${cls.toString(16).padStart(4, '0')}:${type.toString(16).padStart(2, '0')}:${hexOf(data)}`,
    rest: opts.subarray(Math.min(opts.length, data.length + 20)),
  };
}
