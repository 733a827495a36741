/**
 * Namespace ids and names, as iproute2 6.1 prints them (ip/ipnetns.c print_nsid, netns_list).
 */
import { num, type FormatContext } from './context.js';
import type { NsidMessage } from '../../rtnl/nsid/schema.js';
import { PRINT_ANY, PRINT_FP, Printer } from './printer.js';

export interface NsidPrintOptions {
  deleted?: boolean;
}

/** print_nsid */
export function printNsid(p: Printer, msg: NsidMessage, ctx: FormatContext, opts: NsidPrintOptions = {}): boolean {
  const a = msg.attrs ?? {};
  if (a.nsid === undefined) return false;
  p.openObject(null);
  if (opts.deleted) p.bool(PRINT_ANY, 'deleted', 'Deleted ', true);
  const nsid = num(a.nsid) | 0;
  if (nsid < 0) p.string(PRINT_FP, null, 'nsid unassigned ', null);
  else p.int(PRINT_ANY, 'nsid', 'nsid %d ', nsid);
  let current = nsid;
  if (a.currentNsid !== undefined) {
    current = num(a.currentNsid) | 0;
    if (current < 0) p.string(PRINT_FP, null, 'current-nsid unassigned ', null);
    else p.int(PRINT_ANY, 'current-nsid', 'current-nsid %d ', current);
  }
  const key = a.currentNsid !== undefined ? current : nsid;
  const name = ctx.nsidNames?.get(key);
  if (name !== undefined) {
    p.string(PRINT_ANY, 'name', '(iproute2 netns name: %s)', name);
    // netns_map_del: iproute2 names each nsid once per run.
    ctx.nsidNames?.delete(key);
  }
  p.string(PRINT_FP, null, '\n', null);
  p.closeObject();
  return true;
}

/** One line of `ip netns list`. */
export function printNetnsEntry(p: Printer, name: string, id: number | undefined): void {
  p.openObject(null);
  p.string(PRINT_ANY, 'name', '%s', name);
  if (id !== undefined && id >= 0) p.int(PRINT_ANY, 'id', ' (id: %d)', id);
  p.string(PRINT_FP, null, '\n', null);
  p.closeObject();
}

export function nsidToJson(msg: NsidMessage, ctx: FormatContext, opts: NsidPrintOptions = {}): unknown {
  const p = new Printer({ json: true });
  printNsid(p, msg, ctx, opts);
  return p.jsonValue();
}
export function nsidToText(msg: NsidMessage, ctx: FormatContext, opts: NsidPrintOptions = {}): string {
  const p = new Printer({ json: false });
  printNsid(p, msg, ctx, opts);
  return p.take();
}
