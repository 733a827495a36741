/**
 * `handle.ethtool`: the ethtool netlink family where users live, as `ethtool` shows it: link
 * settings and modes, link state, features, rings, channels, coalescing, pause, standard
 * statistics. Each verb is one generic netlink request built from the generated spec
 * (src/genl/generated/ethtool.ts); `handle.genl('ethtool')` reaches every other operation.
 */
import { ValidationError } from '../netlink/errors.js';
import type {
  EthtoolBitset, EthtoolChannels, EthtoolCoalesce, EthtoolHeader, EthtoolLinkinfo, EthtoolPause, EthtoolRings, EthtoolStats,
} from '../genl/generated/ethtool.js';
import { checkIfname } from './validate.js';
import type { GenlAccessor } from './genl.js';

/** Interface name or index. */
export type EthtoolDevice = string | number;

/** `ethtool DEV` link modes: speed (Mb/s), duplex, autonegotiation and the link mode names. */
export interface EthtoolLinkModes {
  /** Mb/s; undefined when unknown (SPEED_UNKNOWN). */
  speed: number | undefined;
  duplex: 'half' | 'full' | 'unknown';
  autoneg: boolean;
  /** Link modes the device supports ("Supported link modes"), by the kernel's names ('10000baseT/Full'). */
  supported: string[];
  /** Link modes advertised ("Advertised link modes"). */
  advertised: string[];
  /** Link modes the link partner advertises, when the driver reports them. */
  peer: string[];
  lanes: number | undefined;
}

/** One feature as `ethtool -k` (and `ethtool --json -k`) shows it. */
export interface EthtoolFeature {
  active: boolean;
  /** Cannot be changed (not in the hardware mask, or in "nochange"). */
  fixed: boolean;
  /** What was asked for (`ethtool -K`), which the driver may not have granted. */
  requested: boolean;
}

/** ETHTOOL_LINK_MODE duplex (linux/ethtool.h DUPLEX_*). */
const DUPLEX: Record<number, 'half' | 'full'> = { 0: 'half', 1: 'full' };
/** linux/ethtool.h SPEED_UNKNOWN. */
const SPEED_UNKNOWN = 0xffffffff;

/** The names of the bits set in an ethtool bitset (verbose form: names listed, `value` on set bits unless nomask). */
export function bitsetNames(set: EthtoolBitset | undefined): string[] {
  const out: string[] = [];
  for (const bit of set?.bits?.bit ?? []) {
    if ((set!.nomask || bit.value) && bit.name) out.push(bit.name);
  }
  return out;
}

/** The mask bits listed in a verbose bitset (every name the kernel knows, set or not). */
function bitsetAll(set: EthtoolBitset | undefined): string[] {
  return (set?.bits?.bit ?? []).map((b) => b.name ?? '').filter((n) => n !== '');
}

/**
 * Network device settings through the ethtool generic netlink family (`handle.ethtool`): `ethtool
 * DEV`, `-k` (features), `-g` (rings), `-l` (channels), `-c` (coalescing), `-a` (pause), `-S`
 * (standard statistics). Reading needs no privilege; a device without the operation answers
 * EOPNOTSUPP as a NetlinkError.
 */
export class EthtoolApi {
  constructor(private readonly genl: GenlAccessor) {}

  private header(dev: EthtoolDevice): EthtoolHeader {
    if (typeof dev === 'number') {
      if (!Number.isInteger(dev) || dev <= 0) throw new ValidationError(`dev: bad ifindex ${dev}`, 'dev');
      return { devIndex: dev };
    }
    checkIfname(dev, 'dev');
    return { devName: dev };
  }

  private get client() {
    return this.genl('ethtool');
  }

  /** `ethtool DEV` (port, PHY address, MDI-X, transceiver): linkinfo-get. */
  async linkInfo(dev: EthtoolDevice): Promise<Omit<EthtoolLinkinfo, 'header'>> {
    const { header: _h, ...rest } = (await this.client.do('linkinfo-get', { header: this.header(dev) })) ?? {};
    return rest;
  }

  /** `ethtool DEV` (speed, duplex, autonegotiation, supported / advertised link modes): linkmodes-get. */
  async linkModes(dev: EthtoolDevice): Promise<EthtoolLinkModes> {
    const r = (await this.client.do('linkmodes-get', { header: this.header(dev) })) ?? {};
    const ours = r.ours;
    return {
      speed: r.speed === undefined || r.speed === SPEED_UNKNOWN ? undefined : r.speed,
      duplex: DUPLEX[r.duplex ?? -1] ?? 'unknown',
      autoneg: r.autoneg === 1,
      // "ours" carries the supported modes as its mask and the advertised ones as its value.
      supported: ours?.nomask ? bitsetNames(ours) : bitsetAll(ours),
      advertised: bitsetNames(ours),
      peer: bitsetNames(r.peer),
      lanes: r.lanes,
    };
  }

  /** `ethtool DEV` "Link detected": linkstate-get. */
  async linkState(dev: EthtoolDevice): Promise<{ link: boolean; sqi?: number; sqiMax?: number }> {
    const r = (await this.client.do('linkstate-get', { header: this.header(dev) })) ?? {};
    const out: { link: boolean; sqi?: number; sqiMax?: number } = { link: r.link === 1 };
    if (r.sqi !== undefined) out.sqi = r.sqi;
    if (r.sqiMax !== undefined) out.sqiMax = r.sqiMax;
    return out;
  }

  /** `ethtool -k DEV`: every feature by the kernel's name. */
  async features(dev: EthtoolDevice): Promise<Record<string, EthtoolFeature>> {
    const r = (await this.client.do('features-get', { header: this.header(dev) })) ?? {};
    const hw = new Set(bitsetNames(r.hw));
    const wanted = new Set(bitsetNames(r.wanted));
    const active = new Set(bitsetNames(r.active));
    const nochange = new Set(bitsetNames(r.nochange));
    const out: Record<string, EthtoolFeature> = {};
    for (const name of bitsetAll(r.hw)) {
      out[name] = { active: active.has(name), fixed: !hw.has(name) || nochange.has(name), requested: wanted.has(name) };
    }
    return out;
  }

  /** `ethtool -K DEV NAME on|off ...`: features-set with only the named bits in the mask. */
  async setFeatures(dev: EthtoolDevice, features: Record<string, boolean>): Promise<void> {
    if (typeof features !== 'object' || features === null) throw new ValidationError('features must be an object of name → boolean', 'features');
    const bit = Object.entries(features).map(([name, on]) => {
      if (typeof on !== 'boolean') throw new ValidationError(`feature ${name}: expected true or false, got ${JSON.stringify(on)}`, `features.${name}`);
      return on ? { name, value: true as const } : { name };
    });
    await this.client.do('features-set', { header: this.header(dev), wanted: { bits: { bit } } });
  }

  /** `ethtool -g DEV`: rings-get. */
  async rings(dev: EthtoolDevice): Promise<Omit<EthtoolRings, 'header'>> {
    const { header: _h, ...rest } = (await this.client.do('rings-get', { header: this.header(dev) })) ?? {};
    return rest;
  }

  /** `ethtool -G DEV rx N tx N ...`: rings-set. */
  async setRings(dev: EthtoolDevice, rings: Omit<EthtoolRings, 'header' | 'unknown'>): Promise<void> {
    await this.client.do('rings-set', { ...rings, header: this.header(dev) });
  }

  /** `ethtool -l DEV`: channels-get. */
  async channels(dev: EthtoolDevice): Promise<Omit<EthtoolChannels, 'header'>> {
    const { header: _h, ...rest } = (await this.client.do('channels-get', { header: this.header(dev) })) ?? {};
    return rest;
  }

  /** `ethtool -L DEV rx N tx N other N combined N`: channels-set. */
  async setChannels(dev: EthtoolDevice, counts: { rx?: number; tx?: number; other?: number; combined?: number }): Promise<void> {
    const attrs: EthtoolChannels = { header: this.header(dev) };
    for (const [key, value] of Object.entries(counts ?? {})) {
      if (!['rx', 'tx', 'other', 'combined'].includes(key)) throw new ValidationError(`unknown channel ${JSON.stringify(key)} (rx, tx, other, combined)`, key);
      (attrs as Record<string, unknown>)[`${key}Count`] = value;
    }
    await this.client.do('channels-set', attrs);
  }

  /** `ethtool -c DEV`: coalesce-get. */
  async coalesce(dev: EthtoolDevice): Promise<Omit<EthtoolCoalesce, 'header'>> {
    const { header: _h, ...rest } = (await this.client.do('coalesce-get', { header: this.header(dev) })) ?? {};
    return rest;
  }

  /** `ethtool -C DEV ...`: coalesce-set. */
  async setCoalesce(dev: EthtoolDevice, settings: Omit<EthtoolCoalesce, 'header' | 'unknown'>): Promise<void> {
    await this.client.do('coalesce-set', { ...settings, header: this.header(dev) });
  }

  /** `ethtool -a DEV`: pause-get. */
  async pause(dev: EthtoolDevice): Promise<Omit<EthtoolPause, 'header'>> {
    const { header: _h, ...rest } = (await this.client.do('pause-get', { header: this.header(dev) })) ?? {};
    return rest;
  }

  /** `ethtool -A DEV autoneg on|off rx on|off tx on|off`: pause-set. */
  async setPause(dev: EthtoolDevice, pause: { autoneg?: boolean; rx?: boolean; tx?: boolean }): Promise<void> {
    const attrs: EthtoolPause = { header: this.header(dev) };
    for (const [key, value] of Object.entries(pause ?? {})) {
      if (!['autoneg', 'rx', 'tx'].includes(key)) throw new ValidationError(`unknown pause setting ${JSON.stringify(key)} (autoneg, rx, tx)`, key);
      if (typeof value !== 'boolean') throw new ValidationError(`${key}: expected true or false`, key);
      (attrs as Record<string, unknown>)[key] = value ? 1 : 0;
    }
    await this.client.do('pause-set', attrs);
  }

  /**
   * `ethtool -S DEV --groups eth-phy eth-mac eth-ctrl rmon`: the standard statistics groups
   * (stats-get; the string set names the groups). Drivers without them answer with none.
   */
  async stats(dev: EthtoolDevice, groups: string[] = ['eth-phy', 'eth-mac', 'eth-ctrl', 'rmon']): Promise<Omit<EthtoolStats, 'header'>> {
    const bit = groups.map((name) => ({ name, value: true as const }));
    const { header: _h, ...rest } = (await this.client.do('stats-get', { header: this.header(dev), groups: { nomask: true, bits: { bit } } })) ?? {};
    return rest;
  }
}
