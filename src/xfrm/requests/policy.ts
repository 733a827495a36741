/**
 * The policy requests of `ip xfrm policy` (ip/xfrm_policy.c): add / update with their templates,
 * get / delete, the delete of a dumped policy, and flush.
 */
import { ValidationError } from '../../netlink/errors.js';
import { AF_INET } from '../address.js';
import { XFRM_MODE, XFRM_POLICY_ACTION, XFRM_POLICY_DIR, XFRM_POLICY_FLAG, XFRM_POLICY_TYPE } from '../constants.js';
import type { XfrmPolicyIdOptions, XfrmPolicyOptions, XfrmTmplOptions } from '../options.js';
import type { XfrmAttrs, XfrmSelector, XfrmUserTmpl } from '../schema.js';
import { flagWord, named, u32 } from './checks.js';
import { Ordered, ZERO_CUR, familyOf, idOf, lifetime, markOf, selector } from './parts.js';

function tmplOf(t: XfrmTmplOptions, preferred: number, i: number): XfrmUserTmpl {
  const field = `tmpl[${i}].`;
  if (typeof t !== 'object' || t === null) throw new ValidationError(`tmpl[${i}] must be an object`, `tmpl[${i}]`);
  const id = idOf(t, 0, field);
  const level = t.level === undefined ? 0 : t.level === 'required' ? 0 : t.level === 'use' ? 1 : -1;
  if (level < 0) throw new ValidationError(`${field}level must be required or use`, `${field}level`);
  return {
    id: { daddr: id.daddr, spi: id.spi, proto: id.proto },
    family: id.family || preferred,
    saddr: id.saddr,
    reqid: t.reqid === undefined ? 0 : u32(t.reqid, `${field}reqid`),
    mode: t.mode === undefined ? 0 : named(XFRM_MODE, t.mode, `${field}mode`, 255),
    share: 0,
    optional: level,
    aalgos: 0xffffffff,
    ealgos: 0xffffffff,
    calgos: 0xffffffff,
  };
}

/** XFRM_MSG_NEWPOLICY / UPDPOLICY body (ip's xfrm_policy_modify). */
export function policyBody(o: XfrmPolicyOptions): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('policy options must be an object');
  const dir = named(XFRM_POLICY_DIR, o.dir, 'dir', 255);
  const sel = selector(o.sel);
  let preferred = familyOf(o.family);
  // ip takes the family of the selector for templates given after it; a template's own addresses win.
  if (!preferred) preferred = sel.family;
  const at = new Ordered();
  if (o.ptype !== undefined) at.add('policyType', { type: named(XFRM_POLICY_TYPE, o.ptype, 'ptype', 255), reserved1: 0, reserved2: 0 });
  if (o.tmpl !== undefined) {
    if (!Array.isArray(o.tmpl)) throw new ValidationError('tmpl must be a list of templates', 'tmpl');
    if (o.tmpl.length) at.add('tmpl', o.tmpl.map((t, i) => tmplOf(t, preferred, i)));
  }
  const mark = markOf(o.mark, 'mark');
  if (mark && mark.m) at.add('mark', mark);
  if (o.ifId !== undefined) at.add('ifId', u32(o.ifId, 'ifId'));
  if (!sel.family) sel.family = preferred || AF_INET;
  const header = {
    sel,
    lft: lifetime(o.limits),
    curlft: ZERO_CUR,
    priority: o.priority === undefined ? 0 : u32(o.priority, 'priority'),
    index: o.index === undefined ? 0 : u32(o.index, 'index'),
    dir,
    action: o.action === undefined ? 0 : named(XFRM_POLICY_ACTION, o.action, 'action', 255),
    flags: flagWord(XFRM_POLICY_FLAG, o.flags, 'flags', 255),
    share: 0,
  };
  return { header, attrs: at.done(sel.family) };
}

/** XFRM_MSG_GETPOLICY / DELPOLICY body (ip's xfrm_policy_get_or_delete). */
export function policyIdBody(o: XfrmPolicyIdOptions): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  if (typeof o !== 'object' || o === null) throw new ValidationError('policy id options must be an object');
  const dir = named(XFRM_POLICY_DIR, o.dir, 'dir', 255);
  if (o.sel === undefined && o.index === undefined) throw new ValidationError('a selector (sel) or an index is required', 'sel');
  if (o.sel !== undefined && o.index !== undefined) throw new ValidationError('give a selector (sel) or an index, not both', 'index');
  const sel = selector(o.sel);
  if (!sel.family) sel.family = familyOf(o.family) || AF_INET;
  const at = new Ordered();
  if (o.ptype !== undefined) at.add('policyType', { type: named(XFRM_POLICY_TYPE, o.ptype, 'ptype', 255), reserved1: 0, reserved2: 0 });
  const mark = markOf(o.mark, 'mark');
  if (mark && mark.m & mark.v) at.add('mark', mark);
  if (o.ifId !== undefined) at.add('ifId', u32(o.ifId, 'ifId'));
  return { header: { sel, index: o.index === undefined ? 0 : u32(o.index, 'index'), dir }, attrs: at.done(sel.family) };
}

/** XFRM_MSG_DELPOLICY of a dumped policy (ip's xfrm_policy_keep, for deleteall): selector, index, dir, mark, if_id. */
export function policyDeleteOf(info: { sel: XfrmSelector; index: number; dir: number }, attrs: XfrmAttrs): { header: Record<string, unknown>; attrs: XfrmAttrs } {
  const at = new Ordered();
  if (attrs.mark) at.add('mark', attrs.mark);
  if (attrs.ifId !== undefined) at.add('ifId', attrs.ifId);
  return { header: { sel: info.sel, index: info.index, dir: info.dir }, attrs: at.done(info.sel.family) };
}

/** XFRM_MSG_FLUSHPOLICY body: XFRMA_POLICY_TYPE when a ptype is given. */
export function policyFlushBody(ptype?: 'main' | 'sub'): { header: Record<string, never>; attrs: XfrmAttrs } {
  const at = new Ordered();
  if (ptype !== undefined) at.add('policyType', { type: named(XFRM_POLICY_TYPE, ptype, 'ptype', 255), reserved1: 0, reserved2: 0 });
  return { header: {}, attrs: at.done(0) };
}
