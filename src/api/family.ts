/**
 * Makes sure the NETLINK_ROUTE family is registered, so that sessions encode and decode
 * `{ header, attrs }` bodies: src/rtnl/family.ts registers it when imported.
 */
import { NETLINK_ROUTE } from '../netlink/constants.js';
import { familyFor, registerFamily, type Family } from '../netlink/family.js';
import { rtnetlink } from '../rtnl/family.js';

/** Returns the registered rtnetlink family (registering src/rtnl's if someone replaced it with nothing). */
export function ensureRouteFamily(): Family {
  return familyFor(NETLINK_ROUTE) ?? registerFamily(rtnetlink);
}
