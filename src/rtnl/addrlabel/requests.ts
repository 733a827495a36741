/**
 * Address label request builders: what iproute2 6.1 sends for `ip addrlabel add|del` and the
 * label dump.
 */
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../../netlink/constants.js';
import { ValidationError } from '../../netlink/errors.js';
import type { Request } from '../../netlink/message.js';
import { AF_INET6, AF_UNSPEC, RTM_DELADDRLABEL, RTM_GETADDRLABEL, RTM_NEWADDRLABEL } from '../constants.js';
import { parsePrefix } from '../route/prefix.js';
import type { AddrlabelMessage } from './schema.js';

/** `ip addrlabel add|del prefix PREFIX [dev IFINDEX] label LABEL` */
export interface AddrlabelOptions {
  /** ifal_family; default AF_INET6 (the only family the kernel keeps labels for). */
  family?: number;
  /** An IPv6 prefix, e.g. '2001:db8::/32' (an IPv4 one is sent as given, for the kernel to refuse). */
  prefix: string;
  /** 0 .. 0xfffffffe (0xffffffff is IPV6_ADDR_LABEL_DEFAULT's "no label"). */
  label: number;
  /** ifal_index: the label applies to this interface only. */
  index?: number;
}

/** The body of an address label add / delete request: IFAL_LABEL then IFAL_ADDRESS. */
export function addrlabelBody(opts: AddrlabelOptions): AddrlabelMessage {
  // As iproute2: the family says IPv6 whatever the prefix (the kernel refuses a 4-byte address).
  const family = opts.family === undefined || opts.family === AF_UNSPEC ? AF_INET6 : opts.family;
  const p = parsePrefix(opts.prefix, AF_UNSPEC, 'prefix');
  if (!Number.isInteger(opts.label) || opts.label < 0 || opts.label >= 0xffffffff) throw new ValidationError(`invalid label ${opts.label}`, 'label');
  const index = opts.index ?? 0;
  if (!Number.isInteger(index) || index < 0 || index > 0x7fffffff) throw new ValidationError(`invalid ifindex ${index}`, 'index');
  return {
    header: { family, prefixlen: p.len, flags: 0, index, seq: 0 },
    attrs: { label: opts.label, ...(p.address !== undefined ? { address: p.address } : {}) },
  };
}

/** `ip addrlabel add`: RTM_NEWADDRLABEL, REQUEST|ACK|CREATE|EXCL. */
export function addrlabelAdd(opts: AddrlabelOptions): Request<AddrlabelMessage> {
  return { type: RTM_NEWADDRLABEL, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, body: addrlabelBody(opts) };
}
/** `ip addrlabel del`: RTM_DELADDRLABEL, REQUEST|ACK. */
export function addrlabelDelete(opts: AddrlabelOptions): Request<AddrlabelMessage> {
  return { type: RTM_DELADDRLABEL, flags: NLM_F_REQUEST | NLM_F_ACK, body: addrlabelBody(opts) };
}
/** The label dump (`ip addrlabel list`): RTM_GETADDRLABEL, REQUEST|DUMP, AF_INET6 unless told. */
export function addrlabelDump(family = AF_INET6): Request<AddrlabelMessage> {
  return { type: RTM_GETADDRLABEL, flags: NLM_F_REQUEST | NLM_F_DUMP, body: { header: { family, prefixlen: 0, flags: 0, index: 0, seq: 0 }, attrs: {} } };
}
