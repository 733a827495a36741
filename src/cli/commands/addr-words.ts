/**
 * The address words every object reads with iproute2's exits (lib/utils.c get_prefix, get_addr)
 * and the device lookup (ll_name_to_index) the commands share.
 */
import { CliExit } from '../errors.js';
import type { ApiHandle } from '../env.js';
import { AF_PACKET, familyNameVerbose } from '../format/names.js';
import { getAddr1, getPrefix1, type Prefix } from '../format/prefix.js';

/** get_prefix with iproute2's error exits. */
export function getPrefixOrExit(arg: string, family: number): Prefix {
  if (family === AF_PACKET) throw new CliExit(1, `Error: "${arg}" may be inet prefix, but it is not allowed in this context.\n`);
  const p = getPrefix1(arg, family);
  if (!p) throw new CliExit(1, `Error: ${familyNameVerbose(family)} prefix is expected rather than "${arg}".\n`);
  return p;
}
/** get_addr with iproute2's error exits. */
export function getAddrOrExit(arg: string, family: number): Prefix {
  const p = getAddr1(arg, family);
  if (!p) throw new CliExit(1, `Error: ${familyNameVerbose(family)} address is expected rather than "${arg}".\n`);
  return p;
}

/** The ifindex of a device name (or a number), undefined when there is none. */
export async function resolveDev(h: ApiHandle, dev: string): Promise<number | undefined> {
  try {
    const l = await h.link.find(dev);
    return l?.index;
  } catch {
    return undefined;
  }
}
