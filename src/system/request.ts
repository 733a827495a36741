import type { HelperProcess } from '../netlink/transport/helper/process.js';
import { HostOp, type HostOpName } from './ops.js';

/** One host operation through the helper; errors are named after the operation (`NETNS_ADD: EEXIST: ...`). */
export function hostRequest(helper: HelperProcess, op: HostOpName, payload: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
  return helper.request(HostOp[op], payload, op);
}
