/**
 * `handle.wireguard`: WireGuard devices as `wg show` / `wg set` see them, with keys as base64
 * strings, endpoints as 'ip:port' and allowed IPs as prefixes. One generic netlink request each
 * (WG_CMD_GET_DEVICE dump, WG_CMD_SET_DEVICE) built from the generated spec.
 */
import { ValidationError } from '../netlink/errors.js';
import { formatIPv4, formatIPv6, isIPv4, isIPv6, parseIPv4, parseIPv6 } from '../netlink/address.js';
import type { WireguardWgallowedip, WireguardWgdevice, WireguardWgpeer } from '../genl/generated/wireguard.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../rtnl/constants.js';
import { parsePrefix } from '../rtnl/route/prefix.js';
import { checkIfname } from './validate.js';
import type { GenlAccessor } from './genl.js';

/** linux/wireguard.h WG_KEY_LEN. */
const KEY_LEN = 32;

/** A WireGuard peer as `wg show DEV` lists it (keys in base64, byte counters as bigint). */
export interface WireguardPeer {
  /** base64, as `wg` prints it. */
  publicKey: string;
  presharedKey?: string;
  /** 'ip:port' or '[ipv6]:port'. */
  endpoint?: string;
  /** Prefixes routed to this peer: '10.0.0.0/24', 'fd00::/64'. */
  allowedIps: string[];
  /** Seconds, 0 or undefined: off. */
  persistentKeepalive?: number;
  /** When the last handshake completed (undefined: never). */
  lastHandshake?: Date;
  rxBytes: bigint;
  txBytes: bigint;
  protocolVersion?: number;
}

/** A WireGuard device as `wg show DEV` describes it. */
export interface WireguardDevice {
  ifname: string;
  ifindex: number;
  /** base64; absent without CAP_NET_ADMIN. */
  privateKey?: string;
  publicKey?: string;
  listenPort: number;
  fwmark: number;
  peers: WireguardPeer[];
}

/**
 * One peer of `wg set DEV peer KEY [preshared-key ...] [endpoint ...] [allowed-ips ...]
 * [persistent-keepalive N] [remove]`.
 */
export interface WireguardPeerConfig {
  publicKey: string;
  /** base64; '' or all zeros removes it. */
  presharedKey?: string;
  endpoint?: string;
  allowedIps?: string[];
  /** Replace the peer's allowed IPs with `allowedIps` instead of adding them (`wg set ... allowed-ips` does). */
  replaceAllowedIps?: boolean;
  persistentKeepalive?: number;
  /** Remove this peer (`wg set DEV peer KEY remove`). */
  remove?: boolean;
  /** Only change the peer if it exists. */
  updateOnly?: boolean;
}

/**
 * `wg set DEV [private-key ...] [listen-port N] [fwmark M] [peer ...]`; with `replacePeers`, `wg
 * setconf`.
 */
export interface WireguardDeviceConfig {
  /** base64; all zeros removes it. */
  privateKey?: string;
  listenPort?: number;
  fwmark?: number;
  /** Remove every peer not listed (`wg setconf`). */
  replacePeers?: boolean;
  peers?: WireguardPeerConfig[];
}

function keyFromBase64(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(value)) {
    throw new ValidationError(`${field}: a WireGuard key is 32 bytes in base64 (44 characters), got ${JSON.stringify(value)}`, field);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function keyToBase64(bytes: Uint8Array | undefined): string | undefined {
  return bytes && bytes.length === KEY_LEN ? Buffer.from(bytes).toString('base64') : undefined;
}

const isZero = (b: Uint8Array) => b.every((x) => x === 0);

/** struct sockaddr_in / sockaddr_in6 (linux/in.h, linux/in6.h) ↔ 'ip:port' / '[ip]:port'. */
export function parseEndpoint(value: unknown, field = 'endpoint'): Uint8Array {
  const m = typeof value === 'string' ? /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value) : null;
  const port = m ? Number(m[3]) : -1;
  if (!m || port > 65535) throw new ValidationError(`${field}: expected 'ip:port' or '[ipv6]:port', got ${JSON.stringify(value)}`, field);
  const host = m[1] ?? m[2]!;
  if (m[2] !== undefined && isIPv4(host)) {
    const b = new Uint8Array(16);
    new DataView(b.buffer).setUint16(0, AF_INET, true);
    new DataView(b.buffer).setUint16(2, port, false);
    b.set(parseIPv4(host), 4);
    return b;
  }
  if (m[1] !== undefined && isIPv6(host)) {
    const b = new Uint8Array(28);
    new DataView(b.buffer).setUint16(0, AF_INET6, true);
    new DataView(b.buffer).setUint16(2, port, false);
    b.set(parseIPv6(host), 8);
    return b;
  }
  throw new ValidationError(`${field}: not an IP address: ${JSON.stringify(host)} (IPv6 goes in brackets)`, field);
}

/**
 * A peer endpoint (struct sockaddr_in / sockaddr_in6, as WGPEER_A_ENDPOINT carries it) as `wg`
 * prints it: `ip:port` or `[ipv6]:port`; undefined for anything else.
 */
export function formatEndpoint(b: Uint8Array): string | undefined {
  if (b.length < 16) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const family = v.getUint16(0, true);
  const port = v.getUint16(2, false);
  if (family === AF_INET) return `${formatIPv4(b, 4)}:${port}`;
  if (family === AF_INET6 && b.length >= 24) return `[${formatIPv6(b, 8)}]:${port}`;
  return undefined;
}

/** An allowed IP (WGALLOWEDIP_A_*) from prefix text, through the one address parser (parsePrefix). */
function allowedIp(value: unknown, field: string): WireguardWgallowedip {
  if (typeof value !== 'string') throw new ValidationError(`${field}: expected a prefix like 10.0.0.0/24, got ${JSON.stringify(value)}`, field);
  const p = parsePrefix(value, AF_UNSPEC, field, false);
  return { family: p.family, ipaddr: p.address!, cidrMask: p.len };
}

function peerView(p: WireguardWgpeer): WireguardPeer {
  const out: WireguardPeer = {
    publicKey: keyToBase64(p.publicKey) ?? '',
    allowedIps: (p.allowedips ?? []).map((a) => `${a.ipaddr}/${a.cidrMask}`),
    rxBytes: p.rxBytes ?? 0n,
    txBytes: p.txBytes ?? 0n,
  };
  if (p.presharedKey && !isZero(p.presharedKey)) out.presharedKey = keyToBase64(p.presharedKey)!;
  const endpoint = p.endpoint ? formatEndpoint(p.endpoint) : undefined;
  if (endpoint) out.endpoint = endpoint;
  if (p.persistentKeepaliveInterval) out.persistentKeepalive = p.persistentKeepaliveInterval;
  const t = p.lastHandshakeTime;
  if (t && (t.sec !== 0n || t.nsec !== 0n)) out.lastHandshake = new Date(Number(t.sec) * 1000 + Math.floor(Number(t.nsec) / 1e6));
  if (p.protocolVersion !== undefined) out.protocolVersion = p.protocolVersion;
  return out;
}

/**
 * WireGuard devices through the wireguard generic netlink family (`handle.wireguard`): `wg show`
 * and `wg set` with base64 keys. Reading private keys and changing devices need CAP_NET_ADMIN.
 */
export class WireguardApi {
  constructor(private readonly genl: GenlAccessor) {}

  /**
   * `wg show DEV` (dump): the device and its peers. The kernel may split a device over several
   * messages (peers, and a peer's allowed IPs, continue in the next one); they are joined here.
   */
  async getDevice(ifname: string): Promise<WireguardDevice> {
    checkIfname(ifname, 'ifname');
    const parts = await this.genl('wireguard').dump('get-device', { ifname });
    const first: WireguardWgdevice = parts[0] ?? {};
    const peers: WireguardWgpeer[] = [];
    for (const part of parts) {
      for (const peer of part.peers ?? []) {
        const last = peers[peers.length - 1];
        if (last?.publicKey && peer.publicKey && Buffer.compare(last.publicKey, peer.publicKey) === 0) {
          last.allowedips = [...(last.allowedips ?? []), ...(peer.allowedips ?? [])];
        } else peers.push({ ...peer });
      }
    }
    const out: WireguardDevice = {
      ifname: first.ifname ?? ifname,
      ifindex: first.ifindex ?? 0,
      listenPort: first.listenPort ?? 0,
      fwmark: first.fwmark ?? 0,
      peers: peers.map(peerView),
    };
    if (first.privateKey && !isZero(first.privateKey)) out.privateKey = keyToBase64(first.privateKey)!;
    if (first.publicKey && !isZero(first.publicKey)) out.publicKey = keyToBase64(first.publicKey)!;
    return out;
  }

  /** `wg set DEV ...` / `wg setconf` (with `replacePeers`): one WG_CMD_SET_DEVICE. */
  async setDevice(ifname: string, config: WireguardDeviceConfig): Promise<void> {
    checkIfname(ifname, 'ifname');
    if (typeof config !== 'object' || config === null) throw new ValidationError('setDevice needs a configuration object', 'config');
    const known = new Set(['privateKey', 'listenPort', 'fwmark', 'replacePeers', 'peers']);
    for (const k of Object.keys(config)) if (!known.has(k)) throw new ValidationError(`unknown option ${JSON.stringify(k)} (${[...known].join(', ')})`, k);
    const attrs: WireguardWgdevice = { ifname };
    if (config.privateKey !== undefined) attrs.privateKey = keyFromBase64(config.privateKey, 'privateKey');
    if (config.listenPort !== undefined) attrs.listenPort = config.listenPort;
    if (config.fwmark !== undefined) attrs.fwmark = config.fwmark;
    if (config.replacePeers) attrs.flags = ['replace-peers'];
    if (config.peers !== undefined) {
      if (!Array.isArray(config.peers)) throw new ValidationError('peers must be an array', 'peers');
      attrs.peers = config.peers.map((p, i) => this.peerAttrs(p, `peers.${i}`));
    }
    await this.genl('wireguard').do('set-device', attrs);
  }

  private peerAttrs(p: WireguardPeerConfig, where: string): WireguardWgpeer {
    if (typeof p !== 'object' || p === null) throw new ValidationError(`${where}: a peer object expected`, where);
    const known = new Set(['publicKey', 'presharedKey', 'endpoint', 'allowedIps', 'replaceAllowedIps', 'persistentKeepalive', 'remove', 'updateOnly']);
    for (const k of Object.keys(p)) if (!known.has(k)) throw new ValidationError(`${where}: unknown option ${JSON.stringify(k)}`, `${where}.${k}`);
    const out: WireguardWgpeer = { publicKey: keyFromBase64(p.publicKey, `${where}.publicKey`) };
    const flags: Array<'remove-me' | 'replace-allowedips' | 'update-only'> = [];
    if (p.remove) flags.push('remove-me');
    if (p.replaceAllowedIps) flags.push('replace-allowedips');
    if (p.updateOnly) flags.push('update-only');
    if (flags.length) out.flags = flags;
    if (p.presharedKey !== undefined) out.presharedKey = p.presharedKey === '' ? new Uint8Array(KEY_LEN) : keyFromBase64(p.presharedKey, `${where}.presharedKey`);
    if (p.endpoint !== undefined) out.endpoint = parseEndpoint(p.endpoint, `${where}.endpoint`);
    if (p.persistentKeepalive !== undefined) {
      if (!Number.isInteger(p.persistentKeepalive) || p.persistentKeepalive < 0 || p.persistentKeepalive > 65535) {
        throw new ValidationError(`${where}.persistentKeepalive: seconds in 0..65535`, `${where}.persistentKeepalive`);
      }
      out.persistentKeepaliveInterval = p.persistentKeepalive;
    }
    if (p.allowedIps !== undefined) {
      if (!Array.isArray(p.allowedIps)) throw new ValidationError(`${where}.allowedIps must be an array of prefixes`, `${where}.allowedIps`);
      out.allowedips = p.allowedIps.map((a, i) => allowedIp(a, `${where}.allowedIps.${i}`));
    }
    return out;
  }
}
