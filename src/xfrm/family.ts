/**
 * The NETLINK_XFRM family (`xfrm`): every message type of linux/xfrm.h with its fixed struct and
 * XFRMA_* attributes. Pass it to `decode()`, `encode()`, `new Session({ family: xfrm })`.
 */
import type { Codec, DecodeContext } from '../netlink/codec.js';
import { NLM_F_DUMP, NLM_F_REQUEST } from '../netlink/constants.js';
import { EncodeError } from '../netlink/errors.js';
import { Family } from '../netlink/family.js';
import { message, type AttrSet, type MessageBody, type MessageCodec, type StructCodec } from '../netlink/schema.js';
import * as C from './constants.js';
import {
  xfrmAeventId, xfrmAttrs, xfrmInfoFlags, xfrmNoHeader, xfrmSadAttrs, xfrmSpdAttrs, xfrmUserAcquire, xfrmUserExpire, xfrmUserMapping,
  xfrmUserPolexpire, xfrmUserReport, xfrmUserpolicyDefault, xfrmUserpolicyId, xfrmUserpolicyInfo, xfrmUsersaFlush, xfrmUsersaId,
  xfrmUsersaInfo, xfrmUserspiInfo, type XfrmAttrs,
} from './schema.js';

/** A get body, or (with `header` absent) the attributes alone of a dump request. */
export interface GetOrDumpBody<H> {
  header?: H;
  attrs: XfrmAttrs;
}

/**
 * XFRM_MSG_GETSA / GETPOLICY: a request with NLM_F_DUMP has no fixed header, its attributes
 * (XFRMA_ADDRESS_FILTER, XFRMA_PROTO) follow the nlmsghdr at once (the kernel's xfrm_dump_sa
 * parses them with hdrlen 0); a get carries xfrm_usersa_id / xfrm_userpolicy_id first.
 */
function getOrDump<H extends object>(header: StructCodec<H>): Codec<GetOrDumpBody<H>> & { resolve(ctx: DecodeContext): Codec<unknown> } {
  const full: MessageCodec<H, XfrmAttrs> = message(header, xfrmAttrs as AttrSet<XfrmAttrs>);
  const isDump = (ctx: DecodeContext) => {
    const flags = ctx.messageFlags ?? 0;
    return (flags & NLM_F_REQUEST) !== 0 && (flags & NLM_F_DUMP) === NLM_F_DUMP;
  };
  return {
    kind: 'resolve',
    wire: `${header.name} + xfrma (attributes alone in a dump request)`,
    resolve: (ctx) => (isDump(ctx) ? xfrmAttrs : full),
    decode(ctx, off, len) {
      if (isDump(ctx)) return { attrs: len > 0 ? xfrmAttrs.decode(ctx, off, len) : {} };
      return full.decode(ctx, off, len);
    },
    encode(w, value, ctx) {
      if (typeof value !== 'object' || value === null) throw new EncodeError(`${header.name}: {header, attrs} expected`);
      if (value.header === undefined) xfrmAttrs.encode(w, value.attrs ?? {}, ctx);
      else full.encode(w, value as MessageBody<H, XfrmAttrs>, ctx);
    },
    pathAt(ctx, off, len, target) {
      return isDump(ctx) ? xfrmAttrs.pathAt(ctx, off, len, target) : full.pathAt(ctx, off, len, target);
    },
  };
}

/** The NETLINK_XFRM family: every XFRM_MSG_* type with its body codec. */
export const xfrm = new Family(C.NETLINK_XFRM, 'xfrm');

const sa = message(xfrmUsersaInfo, xfrmAttrs);
const said = message(xfrmUsersaId, xfrmAttrs);
const pol = message(xfrmUserpolicyInfo, xfrmAttrs);
const polid = message(xfrmUserpolicyId, xfrmAttrs);

xfrm.define(C.XFRM_MSG_NEWSA, 'XFRM_MSG_NEWSA', 'new', sa);
xfrm.define(C.XFRM_MSG_DELSA, 'XFRM_MSG_DELSA', 'del', said);
xfrm.define(C.XFRM_MSG_GETSA, 'XFRM_MSG_GETSA', 'get', getOrDump(xfrmUsersaId));
xfrm.define(C.XFRM_MSG_NEWPOLICY, 'XFRM_MSG_NEWPOLICY', 'new', pol);
xfrm.define(C.XFRM_MSG_DELPOLICY, 'XFRM_MSG_DELPOLICY', 'del', polid);
xfrm.define(C.XFRM_MSG_GETPOLICY, 'XFRM_MSG_GETPOLICY', 'get', getOrDump(xfrmUserpolicyId));
xfrm.define(C.XFRM_MSG_ALLOCSPI, 'XFRM_MSG_ALLOCSPI', 'other', message(xfrmUserspiInfo, xfrmAttrs));
xfrm.define(C.XFRM_MSG_ACQUIRE, 'XFRM_MSG_ACQUIRE', 'other', message(xfrmUserAcquire, xfrmAttrs));
xfrm.define(C.XFRM_MSG_EXPIRE, 'XFRM_MSG_EXPIRE', 'other', message(xfrmUserExpire, xfrmAttrs));
xfrm.define(C.XFRM_MSG_UPDPOLICY, 'XFRM_MSG_UPDPOLICY', 'new', pol);
xfrm.define(C.XFRM_MSG_UPDSA, 'XFRM_MSG_UPDSA', 'new', sa);
xfrm.define(C.XFRM_MSG_POLEXPIRE, 'XFRM_MSG_POLEXPIRE', 'other', message(xfrmUserPolexpire, xfrmAttrs));
xfrm.define(C.XFRM_MSG_FLUSHSA, 'XFRM_MSG_FLUSHSA', 'other', message(xfrmUsersaFlush, xfrmAttrs));
xfrm.define(C.XFRM_MSG_FLUSHPOLICY, 'XFRM_MSG_FLUSHPOLICY', 'other', message(xfrmNoHeader, xfrmAttrs));
xfrm.define(C.XFRM_MSG_NEWAE, 'XFRM_MSG_NEWAE', 'new', message(xfrmAeventId, xfrmAttrs));
xfrm.define(C.XFRM_MSG_GETAE, 'XFRM_MSG_GETAE', 'get', message(xfrmAeventId, xfrmAttrs));
xfrm.define(C.XFRM_MSG_REPORT, 'XFRM_MSG_REPORT', 'other', message(xfrmUserReport, xfrmAttrs));
xfrm.define(C.XFRM_MSG_MIGRATE, 'XFRM_MSG_MIGRATE', 'other', message(xfrmUserpolicyId, xfrmAttrs));
xfrm.define(C.XFRM_MSG_NEWSADINFO, 'XFRM_MSG_NEWSADINFO', 'other', message(xfrmInfoFlags, xfrmSadAttrs));
xfrm.define(C.XFRM_MSG_GETSADINFO, 'XFRM_MSG_GETSADINFO', 'get', message(xfrmInfoFlags, xfrmSadAttrs));
xfrm.define(C.XFRM_MSG_NEWSPDINFO, 'XFRM_MSG_NEWSPDINFO', 'other', message(xfrmInfoFlags, xfrmSpdAttrs));
xfrm.define(C.XFRM_MSG_GETSPDINFO, 'XFRM_MSG_GETSPDINFO', 'get', message(xfrmInfoFlags, xfrmSpdAttrs));
xfrm.define(C.XFRM_MSG_MAPPING, 'XFRM_MSG_MAPPING', 'other', message(xfrmUserMapping, xfrmAttrs));
xfrm.define(C.XFRM_MSG_SETDEFAULT, 'XFRM_MSG_SETDEFAULT', 'other', message(xfrmUserpolicyDefault, xfrmAttrs));
xfrm.define(C.XFRM_MSG_GETDEFAULT, 'XFRM_MSG_GETDEFAULT', 'get', message(xfrmUserpolicyDefault, xfrmAttrs));
