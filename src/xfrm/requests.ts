/**
 * The request bodies of `ip xfrm state` and `ip xfrm policy`, built from typed options the way
 * iproute2 builds them (ip/xfrm_state.c, ip/xfrm_policy.c): the same defaults (XFRM_INF byte and
 * packet limits, all algorithms allowed in a template, AF_INET when no address says otherwise)
 * and the same attribute order (algorithms, encap and coa as given, then offload, replay state,
 * extra flags, mark, if_id, tfcpad, output mark), so that the API and pure-ip send ip's bytes.
 * Names and numbers are checked here; interface names are resolved by the caller (ifindex).
 *
 * The value checks are in requests/checks.ts, the parts SAs and policies share (selector,
 * lifetime, ID, mark, ordered attributes) in requests/parts.ts, the SA requests in
 * requests/state.ts and the policy requests in requests/policy.ts.
 */
export type * from './options.js';
export { addressFamily, keyBytes } from './requests/checks.js';
export { IP_PROTOCOLS, lifetime, selector } from './requests/parts.js';
export {
  allocSpiBody, infoRequestBody, stateBody, stateDeleteOf, stateDumpAttrs, stateFlushBody, stateIdBody, type XfrmAllocSpiOptions,
} from './requests/state.js';
export { policyBody, policyDeleteOf, policyFlushBody, policyIdBody } from './requests/policy.js';
