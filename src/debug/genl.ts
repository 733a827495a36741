/**
 * Generic netlink in `pure-ip decode`: family ids are the kernel's choice at run time, so a
 * capture's own nlctrl answers (CTRL_CMD_NEWFAMILY: id + name) say which family each message
 * type is; `--family NAME` names the family of the ids the capture does not resolve.
 */
import { decodeLenient } from '../netlink/decode.js';
import { flagNames, NLMSG_MIN_TYPE } from '../netlink/constants.js';
import { splitMessages } from '../netlink/message.js';
import { genlFamilies } from '../genl/generated/index.js';
import type { NlctrlCtrlAttrs } from '../genl/generated/nlctrl.js';
import { attrsToSpecJson, stringifySpecJson } from '../genl/json.js';
import { GenlRegistry } from '../genl/registry.js';
import type { GenlBody, GenlFamily } from '../genl/spec.js';

const byName = genlFamilies as Record<string, GenlFamily<unknown, unknown>>;

/** The generic netlink family named on the command line (spec name, '-' or '_' alike). */
export function genlFamilyByName(name: string): GenlFamily<unknown, unknown> | undefined {
  return byName[name] ?? byName[name.replace(/-/g, '_')] ?? byName[name.replace(/_/g, '-')];
}

/**
 * A registry for a capture: nlctrl's fixed id, every family the capture's nlctrl answers
 * resolve, and `fallback` for any other family id that appears.
 */
export function genlRegistryFor(datagrams: ReadonlyArray<{ bytes: Uint8Array; littleEndian: boolean }>, fallback?: GenlFamily<unknown, unknown>): GenlRegistry {
  const registry = new GenlRegistry();
  const seen = new Set<number>();
  for (const d of datagrams) {
    for (const r of decodeLenient(d.bytes, registry, { littleEndian: d.littleEndian, keepLayout: false })) {
      const m = r.message;
      if (!m) continue;
      seen.add(m.type);
      const body = m.body as GenlBody<NlctrlCtrlAttrs> | undefined;
      if (m.typeName !== 'nlctrl' || body?.op !== 'getfamily') continue;
      const { familyId, familyName } = body.attrs ?? {};
      const family = familyName !== undefined ? genlFamilyByName(familyName) : undefined;
      if (family && familyId !== undefined) registry.add(family, familyId);
    }
    try {
      for (const raw of splitMessages(d.bytes, d.littleEndian)) seen.add(raw.type);
    } catch {
      // reported by the main decode
    }
  }
  if (fallback) {
    for (const type of seen) if (type > NLMSG_MIN_TYPE && !registry.get(type)) registry.add(fallback, type);
  }
  return registry;
}

/** One line per message: family, flags, sequence, operation and its attributes in spec spelling. */
export function genlLines(bytes: Uint8Array, registry: GenlRegistry, littleEndian: boolean): string[] {
  const out: string[] = [];
  for (const r of decodeLenient(bytes, registry, { littleEndian, keepLayout: false })) {
    if (!r.message) {
      out.push(`  !! @${r.offset}: ${r.error.message}`);
      continue;
    }
    const m = r.message;
    const head = `  @${m.offset} ${m.typeName} flags=${m.flagNames.join(',') || flagNames(m.flags, 'other').join(',') || 0} seq=${m.seq} pid=${m.pid}`;
    const family = registry.familyOf(m.type);
    const body = m.body as GenlBody | undefined;
    if (family && body && typeof body === 'object' && 'attrs' in body) {
      const op = body.op !== undefined ? family.op(body.op) : undefined;
      const attrs = op?.set ? attrsToSpecJson(family, op.set, body.attrs as Record<string, unknown>) : body.attrs;
      out.push(`${head}: ${body.op ?? `cmd ${body.header.cmd}`} ${stringifySpecJson(attrs)}`);
    } else {
      out.push(`${head}: ${stringifySpecJson(body instanceof Uint8Array ? Buffer.from(body).toString('hex') : body)}`);
    }
  }
  return out;
}
