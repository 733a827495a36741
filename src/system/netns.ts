/**
 * Network namespace management through the helper, as `ip netns` does it: named namespaces under
 * /run/netns (add, delete, attach, list, identify, pids), namespace file descriptors held by the
 * helper (for IFLA_NET_NS_FD / NETNSA_FD) and the argv of `ip netns exec`.
 */
import { HelperError, ValidationError } from '../netlink/errors.js';
import { validateNetnsName } from '../netlink/transport/helper/netns-spec.js';
import { encodeNetnsSpec } from '../netlink/transport/helper/netns-spec.js';
import type { HelperProcess } from '../netlink/transport/helper/process.js';
import { dataView, splitNul, textEncoder, u32s, validatePid, validateU32 } from '../netlink/transport/helper/wire.js';
import type { NetnsSpec } from '../netlink/transport/types.js';
import { hostRequest } from './request.js';

export { validateNetnsName };

/** `ip netns add NAME`. */
export async function netnsAdd(helper: HelperProcess, name: string): Promise<void> {
  validateNetnsName(name);
  await hostRequest(helper, 'NETNS_ADD', textEncoder.encode(name));
}

/** `ip netns delete NAME`. */
export async function netnsDelete(helper: HelperProcess, name: string): Promise<void> {
  validateNetnsName(name);
  await hostRequest(helper, 'NETNS_DEL', textEncoder.encode(name));
}

/** `ip netns attach NAME PID`. */
export async function netnsAttach(helper: HelperProcess, name: string, pid: number): Promise<void> {
  validateNetnsName(name);
  validatePid(pid);
  const b = textEncoder.encode(name);
  const payload = new Uint8Array(4 + b.length);
  dataView(payload).setUint32(0, pid, true);
  payload.set(b, 4);
  await hostRequest(helper, 'NETNS_ATTACH', payload);
}

/** Entries of /run/netns, in directory order (`ip netns list` without the ids). */
export async function netnsList(helper: HelperProcess): Promise<string[]> {
  return splitNul(await hostRequest(helper, 'NETNS_LIST'));
}

/** Opens a namespace fd inside the helper (for IFLA_NET_NS_FD / NETNSA_FD). */
export async function nsFdOpen(helper: HelperProcess, spec: NetnsSpec): Promise<number> {
  const p = await hostRequest(helper, 'NS_FD_OPEN', encodeNetnsSpec(spec));
  if (p.length !== 4) throw new HelperError('bad NS_FD_OPEN reply');
  return dataView(p).getUint32(0, true);
}

/** Closes a namespace fd that nsFdOpen() returned. */
export async function nsFdClose(helper: HelperProcess, fd: number): Promise<void> {
  validateU32(fd, 'fd', 0x7fffffff);
  await hostRequest(helper, 'NS_FD_CLOSE', u32s(fd));
}

/** Names under /run/netns that are the network namespace of `pid` (0: the helper's own); `ip netns identify`. */
export async function netnsIdentify(helper: HelperProcess, pid = 0): Promise<string[]> {
  validatePid(pid, 'pid', true);
  return splitNul(await hostRequest(helper, 'NETNS_IDENTIFY', u32s(pid)));
}

/** Pids of the processes in the named namespace (`ip netns pids NAME`). */
export async function netnsPids(helper: HelperProcess, name: string): Promise<number[]> {
  validateNetnsName(name);
  const p = await hostRequest(helper, 'NETNS_PIDS', textEncoder.encode(name));
  const dv = dataView(p);
  const out: number[] = [];
  for (let i = 0; i + 4 <= p.length; i += 4) out.push(dv.getUint32(i, true));
  return out;
}

/**
 * argv to run `program` inside the named namespace like `ip netns exec`:
 * `[helperPath, 'exec', ('--join', helperPid,)? name, ...program]`. The `--join` part is
 * present for a sandboxed helper, whose namespaces live in its own user/mount namespace.
 */
export function netnsExecArgs(helper: HelperProcess, name: string, argv: readonly string[]): string[] {
  validateNetnsName(name);
  if (argv.length === 0 || argv.some((a) => typeof a !== 'string' || a.includes('\0'))) {
    throw new ValidationError('exec needs a program and string arguments without NUL', 'argv');
  }
  const join: string[] = [];
  if (helper.sandbox) {
    const pid = helper.hello?.pid ?? helper.pid;
    if (pid === undefined) throw new HelperError('sandboxed helper has no pid');
    join.push('--join', String(pid));
  }
  return [helper.path, 'exec', ...join, name, ...argv];
}
