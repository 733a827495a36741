/**
 * Make sure NETLINK_ROUTE is registered for decode(): src/rtnl/index.js does it once it exists;
 * until then (or if it registers nothing) the message codecs are registered here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Family, familyFor, registerFamily } from '../../src/netlink/family.js';
import { linkMessage } from '../../src/rtnl/link/index.js';
import { addrMessage } from '../../src/rtnl/addr/index.js';
import { routeMessage } from '../../src/rtnl/route/index.js';
import { neighMessage } from '../../src/rtnl/neigh/index.js';
import { ruleMessage } from '../../src/rtnl/rule/index.js';
import { nsidMessage } from '../../src/rtnl/nsid/index.js';
import { REPO_ROOT } from '../support/fixtures.js';

export async function ensureRtnl(): Promise<void> {
  if (existsSync(join(REPO_ROOT, 'src', 'rtnl', 'index.ts'))) {
    const path = '../../src/rtnl/index.js';
    await import(/* @vite-ignore */ path);
  }
  if (familyFor(0)?.get(16)) return;
  const f = new Family(0, 'rtnetlink');
  const defs: Array<[number, string, 'new' | 'del' | 'get', any]> = [
    [16, 'RTM_NEWLINK', 'new', linkMessage], [17, 'RTM_DELLINK', 'del', linkMessage], [18, 'RTM_GETLINK', 'get', linkMessage],
    [19, 'RTM_SETLINK', 'new', linkMessage], [20, 'RTM_NEWADDR', 'new', addrMessage], [21, 'RTM_DELADDR', 'del', addrMessage],
    [22, 'RTM_GETADDR', 'get', addrMessage], [24, 'RTM_NEWROUTE', 'new', routeMessage], [25, 'RTM_DELROUTE', 'del', routeMessage],
    [26, 'RTM_GETROUTE', 'get', routeMessage], [28, 'RTM_NEWNEIGH', 'new', neighMessage], [29, 'RTM_DELNEIGH', 'del', neighMessage],
    [30, 'RTM_GETNEIGH', 'get', neighMessage], [32, 'RTM_NEWRULE', 'new', ruleMessage], [33, 'RTM_DELRULE', 'del', ruleMessage],
    [34, 'RTM_GETRULE', 'get', ruleMessage], [88, 'RTM_NEWNSID', 'new', nsidMessage], [89, 'RTM_DELNSID', 'del', nsidMessage],
    [90, 'RTM_GETNSID', 'get', nsidMessage],
  ];
  for (const [t, n, o, c] of defs) f.define(t, n, o, c);
  registerFamily(f);
}
