/**
 * What `tc qdisc`, `tc class` and `tc filter` share around their requests (tc/tc_qdisc.c,
 * tc_class.c, tc_filter.c): the `dev` and `parent` words, the device lookup with tc's message,
 * the tcmsg + TCA_KIND/TCA_OPTIONS body, and sending with rtnl_talk's error text.
 */
import type { Request } from '../../netlink/message.js';
import { NLM_F_ACK, NLM_F_REQUEST } from '../../netlink/constants.js';
import type { TcAttrs, TcHeader, TcMessage } from '../../rtnl/tc/schema.js';
import { parseClassid } from '../../api/tc.js';
import type { Args } from '../args.js';
import { mapApiError } from '../commands/common.js';
import { CommandFailed, duparg, invarg } from '../errors.js';
import { linkIndex, type TcEnv } from './env.js';

/** Resolves a device name to its ifindex (its failure becomes tc's "Cannot find device"). */
export type DevIndex = (dev: string) => Promise<number>;

/** rtnl_talk's failure: "Error: <extack>." or "RTNETLINK answers: <strerror>", status 2. */
export function tcError(e: unknown): Error {
  const m = mapApiError(e);
  if (m instanceof CommandFailed && m.status === -2) return new CommandFailed(2, m.stderr);
  return m;
}

/** `dev DEV` (args at `dev`): the device, once. */
export function devWord(args: Args, dev: string): string {
  args.next();
  if (dev) duparg('dev', args.cur);
  return args.cur;
}

/** `parent CLASSID` (args at `parent`): the parent handle, once. */
export function parentWord(args: Args, parent: number): number {
  args.next();
  if (parent) duparg('parent', args.cur);
  const h = parseClassid(args.cur);
  if (h === undefined) invarg('invalid parent ID', args.cur);
  return h;
}

/** The ifindex of `dev` (0 when none was given), or tc's "Cannot find device". */
export async function devIfindex(dev: string, index: DevIndex): Promise<number> {
  if (!dev) return 0;
  try {
    return await index(dev);
  } catch {
    throw new CommandFailed(1, `Cannot find device "${dev}"\n`);
  }
}

/** The request of a qdisc or class change: tcmsg, TCA_KIND and the kind's TCA_OPTIONS. */
export function tcRequest(type: number, flags: number, header: TcHeader, kind: string, options: unknown): Request<TcMessage> {
  const attrs: TcAttrs = {};
  // TCA_OPTIONS of a kind named at run time: the codec TCA_KIND selects checks it when encoding.
  if (kind) Object.assign(attrs, { kind, ...(options !== undefined ? { options } : {}) });
  return { type, flags: NLM_F_REQUEST | NLM_F_ACK | flags, body: { header, attrs } };
}

/** Builds the request with the handle's device lookup and sends it; errors as rtnl_talk prints them. */
export async function sendTcRequest(
  env: TcEnv,
  build: (index: DevIndex, stderr: (s: string) => void) => Promise<Request<TcMessage>>,
  onError: (e: Error) => Error = (e) => e,
): Promise<number> {
  const h = await env.handle();
  const req = await build((dev) => linkIndex(h, dev), (s) => env.io.stderr(s));
  try {
    await h.request(req);
  } catch (e) {
    throw onError(tcError(e));
  }
  return 0;
}
