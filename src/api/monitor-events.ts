/**
 * What a monitor emits: the event types, how a notification becomes one, the identity of an
 * object (what a 'del' refers to) and its content without volatile counters (to tell a real
 * change from a re-dump of the same object), and the dump that lists each group.
 */
import type { Request } from '../netlink/message.js';
import { addrDump } from '../rtnl/addr/requests.js';
import type { AddrMessage } from '../rtnl/addr/schema.js';
import {
  RTM_DELADDR, RTM_DELLINK, RTM_DELNEIGH, RTM_DELNSID, RTM_DELROUTE, RTM_DELRULE, RTM_NEWADDR, RTM_NEWLINK,
  RTM_NEWNEIGH, RTM_NEWNSID, RTM_NEWROUTE, RTM_NEWRULE, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV4_RULE,
  RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV6_RULE, RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_NSID,
} from '../rtnl/constants.js';
import type { LinkMessageBody } from '../rtnl/link/attrs.js';
import { linkDump } from '../rtnl/link/requests.js';
import { neighDump } from '../rtnl/neigh/requests.js';
import type { NeighMessage } from '../rtnl/neigh/schema.js';
import { nsidDump } from '../rtnl/nsid/requests.js';
import type { NsidMessage } from '../rtnl/nsid/schema.js';
import { routeDump } from '../rtnl/route/requests.js';
import type { RouteMessage } from '../rtnl/route/schema.js';
import { routeTable } from '../rtnl/route/schema.js';
import { ruleDump } from '../rtnl/rule/requests.js';
import type { RuleMessage } from '../rtnl/rule/schema.js';
import { stableJson } from './core.js';
import {
  addrView, linkView, neighView, nsidView, routeView, ruleView,
  type Address, type Link, type Neighbour, type NsidEntry, type Route, type Rule,
} from './views.js';

/**
 * What a monitor can listen to: the `ip monitor` objects `link`, `addr`, `route`, `neigh`, `rule`,
 * `nsid`.
 */
export type MonitorGroup = 'link' | 'addr' | 'route' | 'neigh' | 'rule' | 'nsid';

/** Every MonitorGroup, the default of `handle.monitor()` (like `ip monitor all`). */
export const MONITOR_GROUPS: readonly MonitorGroup[] = ['link', 'addr', 'route', 'neigh', 'rule', 'nsid'];

export const GROUP_NUMBERS: Record<MonitorGroup, number[]> = {
  link: [RTNLGRP_LINK],
  addr: [RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR],
  route: [RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE],
  neigh: [RTNLGRP_NEIGH],
  rule: [RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE],
  nsid: [RTNLGRP_NSID],
};

/** What every object event carries: the group, new or deleted, the object as a view, and the raw message. */
export interface EventBase<K extends MonitorGroup, O, B> {
  kind: K;
  action: 'new' | 'del';
  object: O;
  /** Namespace id the event came from (NETLINK_LISTEN_ALL_NSID), or -1 for this namespace. */
  nsid: number;
  /** Set on events from the initial dump ('existing') or an overrun re-dump ('resync'). */
  replay?: 'existing' | 'resync';
  /** The decoded message body. */
  raw: B;
}

/** A link appeared or changed (`new`) or was deleted (`del`), as `ip monitor link` prints it. */
export type LinkEvent = EventBase<'link', Link, LinkMessageBody>;
/** An address was added (`new`) or removed (`del`), as `ip monitor address` prints it. */
export type AddrEvent = EventBase<'addr', Address, AddrMessage>;
/** A route was added or changed (`new`) or removed (`del`), as `ip monitor route` prints it. */
export type RouteEvent = EventBase<'route', Route, RouteMessage>;
/**
 * A neighbour entry was added or changed (`new`) or removed (`del`), as `ip monitor neigh` prints
 * it.
 */
export type NeighEvent = EventBase<'neigh', Neighbour, NeighMessage>;
/** A policy routing rule was added (`new`) or removed (`del`), as `ip monitor rule` prints it. */
export type RuleEvent = EventBase<'rule', Rule, RuleMessage>;
/** A namespace id was assigned (`new`) or released (`del`), as `ip monitor nsid` prints it. */
export type NsidEvent = EventBase<'nsid', NsidEntry, NsidMessage>;
/**
 * The socket overran (ENOBUFS): the kernel dropped notifications (a burst, or a consumer that
 * stopped reading past `queueLimit`). Events queued before it still follow; they are true but
 * may be stale. With `resync`, a re-dump corrects them: its differences (`replay: 'resync'`),
 * then `synced`. Without it, the consumer's view may stay wrong (as with `ip monitor`).
 */
export interface OverrunEvent {
  kind: 'overrun';
}
/**
 * The helper died and the monitor re-opened its socket on a new one: notifications in between
 * were lost. With `resync`, a re-dump (its differences, then `synced`) follows.
 */
export interface ReconnectedEvent {
  kind: 'reconnected';
  /** What ended the previous socket (the helper's exit). */
  reason: string;
}
/**
 * The initial dump (`existing`) or a resync finished cleanly (no overrun during it, no
 * interrupted dump): a view built from the events so far (`new` sets an object, `del` removes
 * it) equals the kernel's state as of the dump, and later events keep it so. A resync that was
 * disturbed is retried (with growing delays) until one is clean, so after the last `overrun` or
 * `reconnected` a `synced` always comes once the kernel's state stops changing.
 */
export interface SyncedEvent {
  kind: 'synced';
  reason: 'existing' | 'resync';
}

/** An event about one object; `kind` tells which, `action` whether it is new or deleted. */
export type ObjectEvent = LinkEvent | AddrEvent | RouteEvent | NeighEvent | RuleEvent | NsidEvent;
/**
 * Everything a monitor yields: object events, and the `overrun`, `reconnected` and `synced`
 * markers of its delivery.
 */
export type MonitorEvent = ObjectEvent | OverrunEvent | ReconnectedEvent | SyncedEvent;

export const EVENT_OF_TYPE: Record<number, [MonitorGroup, 'new' | 'del']> = {
  [RTM_NEWLINK]: ['link', 'new'], [RTM_DELLINK]: ['link', 'del'],
  [RTM_NEWADDR]: ['addr', 'new'], [RTM_DELADDR]: ['addr', 'del'],
  [RTM_NEWROUTE]: ['route', 'new'], [RTM_DELROUTE]: ['route', 'del'],
  [RTM_NEWNEIGH]: ['neigh', 'new'], [RTM_DELNEIGH]: ['neigh', 'del'],
  [RTM_NEWRULE]: ['rule', 'new'], [RTM_DELRULE]: ['rule', 'del'],
  [RTM_NEWNSID]: ['nsid', 'new'], [RTM_DELNSID]: ['nsid', 'del'],
};

/** Builds a typed event from a decoded body. */
export function makeEvent(kind: MonitorGroup, action: 'new' | 'del', body: unknown, nsid: number): ObjectEvent {
  switch (kind) {
    case 'link': return { kind, action, object: linkView(body as LinkMessageBody), nsid, raw: body as LinkMessageBody };
    case 'addr': return { kind, action, object: addrView(body as AddrMessage), nsid, raw: body as AddrMessage };
    case 'route': return { kind, action, object: routeView(body as RouteMessage), nsid, raw: body as RouteMessage };
    case 'neigh': return { kind, action, object: neighView(body as NeighMessage), nsid, raw: body as NeighMessage };
    case 'rule': return { kind, action, object: ruleView(body as RuleMessage), nsid, raw: body as RuleMessage };
    case 'nsid': return { kind, action, object: nsidView(body as NsidMessage), nsid, raw: body as NsidMessage };
  }
}

const omit = (o: Record<string, unknown>, keys: readonly string[]) => {
  const c: Record<string, unknown> = { ...o };
  for (const k of keys) delete c[k];
  return c;
};

/** Identity of an object (what a 'del' refers to). */
export function keyOf(ev: ObjectEvent): string {
  const n = ev.nsid;
  switch (ev.kind) {
    case 'link': return `${n}|${ev.raw.header.index}`;
    case 'addr': {
      const h = ev.raw.header;
      return `${n}|${h.family}|${h.index}|${ev.raw.attrs.local ?? ev.raw.attrs.address}|${h.prefixlen}|${ev.raw.attrs.address}`;
    }
    case 'route': {
      const h = ev.raw.header;
      const a = ev.raw.attrs;
      return `${n}|${h.family}|${routeTable(ev.raw)}|${stableJson(a.dst)}/${h.dstLen}|${stableJson(a.src)}/${h.srcLen}|${h.tos}|${a.priority ?? 0}|${h.type}` +
        (h.family === 10 ? `|${stableJson(a.gateway)}|${a.oif}` : '');
    }
    case 'neigh': {
      const h = ev.raw.header;
      return `${n}|${h.family}|${h.ifindex}|${ev.raw.attrs.dst}|${(h.flags as unknown[]).includes('proxy')}`;
    }
    case 'rule': return `${n}|${stableJson({ ...ev.raw.header, ...omit(ev.raw.attrs as Record<string, unknown>, []) })}`;
    case 'nsid': return `${n}|${ev.raw.attrs.nsid}`;
  }
}

/** Content of an object without volatile parts (counters, timers), to tell changes apart. */
export function fingerprint(ev: ObjectEvent): string {
  const attrs = ev.raw.attrs as Record<string, unknown>;
  switch (ev.kind) {
    case 'link':
      return stableJson([ev.raw.header, omit(attrs, ['stats', 'stats64', 'afSpec', 'carrierChanges', 'carrierUpCount', 'carrierDownCount', 'xdp', 'vfinfoList'])]);
    case 'addr':
    case 'neigh':
    case 'route':
      return stableJson([ev.raw.header, omit(attrs, ['cacheinfo', 'probes', 'expires'])]);
    default:
      return stableJson([ev.raw.header, attrs]);
  }
}

export function dumpFor(kind: MonitorGroup): { request: Request; match: (b: unknown) => boolean } {
  const d = (() => {
    switch (kind) {
      case 'link': return linkDump({ family: 0 });
      case 'addr': return addrDump();
      case 'route': return routeDump({ table: 'all' });
      case 'neigh': return neighDump();
      case 'rule': return ruleDump();
      case 'nsid': return nsidDump();
    }
  })();
  return { request: d.request, match: (b) => (d.match as (x: unknown) => boolean)(b) };
}

