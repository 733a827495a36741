/**
 * `ip xfrm` (ip/ipxfrm.c do_xfrm): `state` (./xfrm-state.ts) and `policy` (./xfrm-policy.ts), over
 * `h.xfrm`, whose builders send ip's bytes, printed by ../format/xfrm.ts. `ip xfrm monitor` is
 * not done.
 */
import { matches } from '../args.js';
import { CliExit } from '../errors.js';
import type { Env } from '../env.js';
import { doPolicy } from './xfrm-policy.js';
import { doState } from './xfrm-state.js';

export { XFRM_STATE_USAGE } from './xfrm-state.js';
export { XFRM_POLICY_USAGE } from './xfrm-policy.js';

const XFRM_USAGE = 'Usage: ip xfrm XFRM-OBJECT { COMMAND | help }\nwhere  XFRM-OBJECT := state | policy | monitor\n';

/** ip/ipxfrm.c do_xfrm */
export async function doXfrm(env: Env, argv: string[]): Promise<number> {
  if (argv.length < 1) throw new CliExit(255, XFRM_USAGE);
  const w = argv[0]!;
  if (matches(w, 'state') || matches(w, 'sa')) return doState(env, argv.slice(1));
  if (matches(w, 'policy')) return doPolicy(env, argv.slice(1));
  if (matches(w, 'monitor')) throw new CliExit(1, 'pure-ip: "ip xfrm monitor" is not supported\n');
  throw new CliExit(255, XFRM_USAGE);
}
