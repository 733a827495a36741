/**
 * nlctrl, the generic netlink family that describes the others: request builders and the
 * shaping of its answers (family ids, versions, operations, multicast groups; attribute
 * policies). Pure functions: src/api/genl.ts sends them.
 */
import type { Request } from '../netlink/message.js';
import { nlctrl, type NlctrlCtrlAttrs, type NlctrlPolicyAttrs } from './generated/nlctrl.js';
import { GENL_ID_CTRL } from './registry.js';
import type { GenlBody } from './spec.js';

/** What the kernel says about one registered family (CTRL_CMD_NEWFAMILY). */
export interface GenlFamilyInfo {
  /** The nlmsg_type of its messages. */
  id: number;
  name: string;
  version: number;
  /** Size of its fixed header after genlmsghdr. */
  hdrsize: number;
  maxattr: number;
  /** Its operations: command number and capability flags ('cmd-cap-do', 'cmd-cap-dump', 'admin-perm'...). */
  ops: Array<{ id: number; flags: Array<string | number> }>;
  /** Multicast group name → group id (what NETLINK_ADD_MEMBERSHIP takes). */
  groups: Record<string, number>;
}

function ctrlRequest(op: 'getfamily' | 'getpolicy', attrs: NlctrlCtrlAttrs): Request<GenlBody<NlctrlCtrlAttrs>> {
  return { type: GENL_ID_CTRL, flags: 0, body: { header: { cmd: nlctrl.op(op)!.request!, version: nlctrl.version }, attrs } };
}

/** CTRL_CMD_GETFAMILY for one family by name (`genl ctrl get name NAME`). */
export function getFamilyRequest(name: string): Request<GenlBody<NlctrlCtrlAttrs>> {
  return ctrlRequest('getfamily', { familyName: name });
}

/** CTRL_CMD_GETFAMILY dump: every registered family (`genl ctrl list`). */
export function familyDumpRequest(): Request<GenlBody<NlctrlCtrlAttrs>> {
  return ctrlRequest('getfamily', {});
}

/** CTRL_CMD_GETPOLICY dump: a family's attribute policies, for all its operations or one (`op`). */
export function getPolicyRequest(family: { name?: string; id?: number }, op?: number): Request<GenlBody<NlctrlCtrlAttrs>> {
  const attrs: NlctrlCtrlAttrs = {};
  if (family.name !== undefined) attrs.familyName = family.name;
  if (family.id !== undefined) attrs.familyId = family.id;
  if (op !== undefined) attrs.op = op;
  return ctrlRequest('getpolicy', attrs);
}

/** A CTRL_CMD_NEWFAMILY answer as a GenlFamilyInfo. */
export function familyInfo(attrs: NlctrlCtrlAttrs): GenlFamilyInfo {
  const groups: Record<string, number> = {};
  for (const g of attrs.mcastGroups ?? []) if (g.name !== undefined && g.id !== undefined) groups[g.name] = g.id;
  return {
    id: attrs.familyId ?? 0,
    name: attrs.familyName ?? '',
    version: attrs.version ?? 0,
    hdrsize: attrs.hdrsize ?? 0,
    maxattr: attrs.maxattr ?? 0,
    ops: (attrs.ops ?? []).map((o) => ({ id: o.id ?? 0, flags: o.flags ?? [] })),
    groups,
  };
}

/** A family's policies as CTRL_CMD_GETPOLICY reports them. */
export interface GenlPolicy {
  /** Command → index of the policy its do / dump requests are validated with. */
  ops: Map<number, { do?: number; dump?: number }>;
  /** Policy index → attribute type → what the kernel accepts (type, ranges, nested policy index). */
  policies: Map<number, Map<number, NlctrlPolicyAttrs>>;
}

/** Gather the messages of a CTRL_CMD_GETPOLICY dump into one GenlPolicy. */
export function collectPolicy(answers: readonly NlctrlCtrlAttrs[]): GenlPolicy {
  const out: GenlPolicy = { ops: new Map(), policies: new Map() };
  for (const a of answers) {
    for (const { opId, value } of a.opPolicy ?? []) {
      const entry: { do?: number; dump?: number } = {};
      if (value.do !== undefined) entry.do = value.do;
      if (value.dump !== undefined) entry.dump = value.dump;
      out.ops.set(opId, { ...out.ops.get(opId), ...entry });
    }
    for (const { policyId, value } of a.policy ?? []) {
      let table = out.policies.get(policyId);
      if (!table) out.policies.set(policyId, (table = new Map()));
      for (const { attrId, value: attr } of value) table.set(attrId, attr);
    }
  }
  return out;
}
