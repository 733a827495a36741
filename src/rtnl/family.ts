/**
 * The NETLINK_ROUTE family: every rtnetlink message type this library decodes. Pass it to
 * `decode()`, `encode()`, `new Session({ family: rtnetlink })`, the walker and the tracer.
 */
import { Family } from '../netlink/family.js';
import { NETLINK_ROUTE } from '../netlink/constants.js';
import { RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from './constants.js';
import { linkMessage } from './link/index.js';
import { ADDR_MESSAGE_TYPES } from './addr/schema.js';
import { ROUTE_MESSAGE_TYPES } from './route/schema.js';
import { NEIGH_MESSAGE_TYPES } from './neigh/schema.js';
import { RULE_MESSAGE_TYPES } from './rule/schema.js';
import { NSID_MESSAGE_TYPES } from './nsid/schema.js';
import { TC_MESSAGE_TYPES } from './tc/schema.js';
import { NEXTHOP_MESSAGE_TYPES } from './nexthop/schema.js';
import { ADDRLABEL_MESSAGE_TYPES } from './addrlabel/schema.js';
import { MDB_MESSAGE_TYPES } from './bridge/mdb-schema.js';
import './tc/index.js';

/**
 * The rtnetlink Family (NETLINK_ROUTE): every RTM_* message type with its body codec, what
 * `decode()`, sessions and the API use.
 */
export const rtnetlink = new Family(NETLINK_ROUTE, 'rtnetlink');

rtnetlink.define(RTM_NEWLINK, 'RTM_NEWLINK', 'new', linkMessage);
rtnetlink.define(RTM_DELLINK, 'RTM_DELLINK', 'del', linkMessage);
rtnetlink.define(RTM_GETLINK, 'RTM_GETLINK', 'get', linkMessage);
rtnetlink.define(RTM_SETLINK, 'RTM_SETLINK', 'new', linkMessage);
for (const table of [ADDR_MESSAGE_TYPES, ROUTE_MESSAGE_TYPES, NEIGH_MESSAGE_TYPES, RULE_MESSAGE_TYPES, NSID_MESSAGE_TYPES, TC_MESSAGE_TYPES, NEXTHOP_MESSAGE_TYPES, ADDRLABEL_MESSAGE_TYPES, MDB_MESSAGE_TYPES]) {
  for (const [type, name, op, codec] of table) rtnetlink.define(type, name, op, codec);
}
