/**
 * The fluent API: `Netlink.open()` → a `Handle` with verb groups (netns, link, tuntap, addr,
 * route, neigh, rule), monitors and waits. The only layer that owns a transport.
 *
 * @module pure-netlink/api
 */
export { Netlink, type NetlinkOptions } from './netlink.js';
export { Handle } from './handle.js';
export type { NetnsTarget } from './core.js';
export { NetnsApi, type NetnsInfo, type NsidInfo, type ExecOptions, type ExecResult, type SpawnOptions } from './netns.js';
export {
  LinkApi, LinkRef, LinkChange, type LinkAccessor, type LinkAddOptions, type LinkBaseOptions, type LinkListOptions,
  type VethLinkOptions, type VethPeerOptions, type BridgeLinkOptions, type VxlanLinkOptions, type MacvlanLinkOptions,
  type VlanLinkOptions, type BondLinkOptions, type VrfLinkOptions, type TunnelLinkOptions, type SimpleLinkOptions,
  type IpvlanLinkOptions, type RawLinkOptions, type KnownKindLinkOptions, type LinkOptionsOf, type KindChangeOptions,
  type PeerInfo, type LinkGroupTarget,
} from './link.js';
export { TuntapApi, type TuntapAddOptions, type Tuntap } from './tuntap.js';
export { AddrApi, type AddrOptions, type AddrListOptions } from './addr.js';
export { RouteApi, tableId, type RouteEncap, type IpEncap, type Ip6Encap, type XfrmEncap, type RouteOptions, type RouteListOptions, type RouteGetOptions, type RouteNexthop, type TableRef } from './route.js';
export { NeighApi, type NeighOptions, type NeighListOptions } from './neigh.js';
export {
  BridgeApi, BridgePortApi, FdbApi, BridgeVlanApi, MdbApi, type BridgePort, type FdbEntryOptions, type FdbEntry, type BridgeVlanOptions,
  type BridgePortVlans, type MdbEntryOptions, type MdbEntry,
} from './bridge.js';
export { RuleApi, type RuleOptions, type RuleListOptions, type RuleFlushOptions } from './rule.js';
export { NexthopApi, type NexthopOptions, type NexthopObject, type NexthopListOptions, type NexthopBucket, type NexthopBucketListOptions } from './nexthop.js';
export { AddrlabelApi, type AddrlabelOptions, type Addrlabel } from './addrlabel.js';
export {
  TcApi, TcQdiscApi, TcClassApi, TcFilterApi, parseClassid, parseQdiscHandle, formatClassid, type TcHandle, type TcObject,
  type QdiscAddOptions, type QdiscDeleteOptions, type ClassAddOptions, type TcTarget, type QdiscPlace,
} from './tc.js';
export {
  Monitor, WaitFor, MONITOR_GROUPS, type MonitorOptions, type MonitorGroup, type MonitorEvent, type ObjectEvent,
  type LinkEvent, type AddrEvent, type RouteEvent, type NeighEvent, type RuleEvent, type NsidEvent, type OverrunEvent,
  type ReconnectedEvent, type SyncedEvent, type WaitOptions, type EventBase,
} from './monitor.js';
export type { Link, LinkFlag, LinkOperState, LinkKindName, Address, Route, RouteNexthopView, Neighbour, Rule, NsidEntry } from './views.js';
export { GenlApi, GenlClient, type GenlAccessor, type GenlCallOptions, type DoOps, type DumpOps, type GenlDoRequest, type GenlDoReply, type GenlDumpRequest, type GenlDumpReply } from './genl.js';
export { EthtoolApi, bitsetNames, type EthtoolDevice, type EthtoolFeature, type EthtoolLinkModes } from './ethtool.js';
export {
  WireguardApi, parseEndpoint, formatEndpoint, type WireguardDevice, type WireguardPeer, type WireguardDeviceConfig, type WireguardPeerConfig,
} from './wireguard.js';
export { MptcpApi, type MptcpEndpoint, type MptcpEndpointOptions, type MptcpEndpointFlag, type MptcpLimits } from './mptcp.js';
export {
  XfrmApi, XfrmStateApi, XfrmPolicyApi, stateView as xfrmStateView, policyView as xfrmPolicyView, type XfrmState, type XfrmPolicy,
  type XfrmStateMessage, type XfrmPolicyMessage, type XfrmStateFilter, type XfrmPolicyFilter, type XfrmSadInfo, type XfrmSpdInfo,
  type XfrmSelectorView, type XfrmSelectorInput, type XfrmStateOptions, type XfrmPolicyOptions, type XfrmPolicyIdOptions,
  type XfrmSelectorOptions, type XfrmIdOptions, type XfrmMarkOptions, type XfrmAllocSpiOptions,
} from './xfrm.js';
export { GenlSubscription, type GenlNotification } from './genl-subscribe.js';
export { parseCidr, checkIfname, checkNetnsName, type Cidr } from '../rtnl/validate.js';
export {
  PureNetlinkError, NetlinkError, ValidationError, NotFoundError, HelperError, HelperOperationError, MissingCapabilityError, TimeoutError,
  DumpInterruptedError, DecodeError, EncodeError, NetnsNotFoundError, type ErrorCode,
} from '../netlink/errors.js';
