/**
 * Namespace id request builders: `ip netns set NAME NSID` (RTM_NEWNSID), the nsid lookups
 * `ip netns list` makes (RTM_GETNSID by fd/pid/nsid) and `ip netns list-id` (RTM_GETNSID dump).
 */
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_UNSPEC, RTM_DELNSID, RTM_GETNSID, RTM_NEWNSID } from '../constants.js';
import type { DumpRequest } from '../route/requests.js';
import type { NsidAttrs, NsidMessage } from './schema.js';

/** Which namespace: an open file descriptor of it (NETNSA_FD) or a process in it (NETNSA_PID). */
export type NetnsRef = { fd: number; pid?: never } | { pid: number; fd?: never };

function refAttrs(ref: NetnsRef): NsidAttrs {
  if (typeof ref.fd === 'number') return { fd: ref.fd };
  if (typeof ref.pid === 'number') return { pid: ref.pid };
  throw new ValidationError('a namespace fd or pid is required', 'fd');
}

const header = () => ({ family: AF_UNSPEC });

/** `ip netns set NAME NSID`: RTM_NEWNSID with NETNSA_FD (or NETNSA_PID) then NETNSA_NSID; REQUEST|ACK. */
export function nsidSet(opts: NetnsRef & { nsid: number }): Request<NsidMessage> {
  return { type: RTM_NEWNSID, flags: NLM_F_REQUEST | NLM_F_ACK, body: { header: header(), attrs: { ...refAttrs(opts), nsid: opts.nsid } } };
}

/** Remove an nsid (RTM_DELNSID by NETNSA_NSID); REQUEST|ACK. */
export function nsidDelete(opts: { nsid: number }): Request<NsidMessage> {
  return { type: RTM_DELNSID, flags: NLM_F_REQUEST | NLM_F_ACK, body: { header: header(), attrs: { nsid: opts.nsid } } };
}

/**
 * The nsid of a namespace (by fd or pid), or the namespace of an nsid (`nsid`), optionally seen
 * from another namespace (`targetNsid`): RTM_GETNSID with flags REQUEST only; the kernel answers
 * with one RTM_NEWNSID (NETNSA_NSID -1 when none is assigned).
 */
export function nsidGet(opts: NetnsRef | { nsid: number; targetNsid?: number }): Request<NsidMessage> {
  let attrs: NsidAttrs;
  if ('nsid' in opts && typeof opts.nsid === 'number') {
    attrs = { nsid: opts.nsid };
    if (opts.targetNsid !== undefined) attrs.targetNsid = opts.targetNsid;
  } else attrs = refAttrs(opts as NetnsRef);
  return { type: RTM_GETNSID, flags: NLM_F_REQUEST, body: { header: header(), attrs } };
}

/** `ip netns list-id [target-nsid N]`: RTM_GETNSID, REQUEST|DUMP. */
export function nsidDump(opts: { targetNsid?: number } = {}): DumpRequest<NsidMessage> {
  const attrs: NsidAttrs = {};
  if (opts.targetNsid !== undefined) attrs.targetNsid = opts.targetNsid;
  return {
    request: { type: RTM_GETNSID, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: header(), attrs } },
    match: () => true,
  };
}
