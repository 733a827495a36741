/**
 * The generated generic netlink families (scripts/ynl-gen.mjs over ynl/specs): the checked-in
 * files are what the generator writes now, and the command values and attribute numbers it
 * derives from the specs' numbering rules agree with the kernel's uapi headers.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ethtool, genlFamilies, nlctrl, wireguard, nl80211, ovsDatapath, netdev } from '../../src/genl/generated/index.js';
import { REPO_ROOT } from '../support/fixtures.js';

describe('ynl-gen', () => {
  it('the checked-in src/genl/generated matches the specs (regenerate with node scripts/ynl-gen.mjs)', () => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/ynl-gen.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('covers every generic netlink family the issue names', () => {
    for (const name of [
      'nlctrl', 'ethtool', 'netdev', 'wireguard', 'devlink', 'dpll', 'mptcp_pm', 'tcp_metrics', 'team', 'fou', 'handshake',
      'ovs_datapath', 'ovs_vport', 'ovs_flow', 'nl80211', 'net-shaper', 'psp',
    ]) {
      expect(Object.keys(genlFamilies)).toContain(name);
    }
  });

  it('numbers directional operations like linux/ethtool_netlink.h', () => {
    // ETHTOOL_MSG_CHANNELS_GET = 17, ETHTOOL_MSG_CHANNELS_GET_REPLY = 18, ETHTOOL_MSG_CHANNELS_NTF = 19
    expect(ethtool.op('channels-get')).toMatchObject({ request: 17, reply: 18 });
    expect(ethtool.op('channels-ntf')).toMatchObject({ request: undefined, reply: 19 });
    // ETHTOOL_MSG_FEATURES_SET = 12 with its own reply ETHTOOL_MSG_FEATURES_SET_REPLY = 12
    expect(ethtool.op('features-set')).toMatchObject({ request: 12, reply: 12 });
    expect(ethtool.opByCmd(18, 'reply')?.name).toBe('channels-get');
    expect(ethtool.opByCmd(18, 'request')?.name).toBe('channels-set');
    // ETHTOOL_A_HEADER_DEV_NAME = 2, ETHTOOL_A_CHANNELS_COMBINED_COUNT = 9
    expect(ethtool.sets.header!.byKey.get('devName')).toMatchObject({ type: 2, kernelName: 'ETHTOOL_A_HEADER_DEV_NAME' });
    expect(ethtool.sets.channels!.byKey.get('combinedCount')?.type).toBe(9);
  });

  it('takes explicit values and unified numbering from the specs', () => {
    // CTRL_CMD_GETFAMILY = 3 (answered with CTRL_CMD_NEWFAMILY = 1), CTRL_CMD_GETPOLICY = 10
    expect(nlctrl.op('getfamily')).toMatchObject({ request: 3, reply: 1 });
    expect(nlctrl.op('getpolicy')).toMatchObject({ request: 10, reply: 10 });
    // WG_CMD_GET_DEVICE = 0, WG_CMD_SET_DEVICE = 1; WGPEER_A_ALLOWEDIPS = 9
    expect(wireguard.op('get-device')).toMatchObject({ request: 0, reply: 0 });
    expect(wireguard.op('set-device')).toMatchObject({ request: 1 });
    expect(wireguard.sets.wgpeer!.byKey.get('allowedips')?.type).toBe(9);
    // NL80211_CMD_GET_INTERFACE = 5, NL80211_CMD_NEW_INTERFACE = 7; NL80211_BAND_2GHZ = 0
    expect(nl80211.op('get-interface')).toMatchObject({ request: 5, reply: 7 });
    expect(nl80211.sets['wiphy-bands']!.byKey.get('2ghz')?.type).toBe(0);
    // NETDEV_CMD_DEV_GET = 1, NETDEV_A_DEV_XDP_FEATURES = 3 (enum-as-flags over netdev_xdp_act)
    expect(netdev.op('dev-get')).toMatchObject({ request: 1, reply: 1 });
    expect(netdev.sets.dev!.byKey.get('xdpFeatures')?.type).toBe(3);
  });

  it('puts a family fixed header after genlmsghdr', () => {
    expect(ovsDatapath.header.fields.map(([k]) => k)).toEqual(['cmd', 'version', 'reserved', 'dpIfindex']);
    expect(ovsDatapath.version).toBe(2);
  });

  it('the README names every generated family and how to regenerate; ynl/README.md where each spec comes from', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const listed = /^Families: ([^.]*)\./m.exec(readme)?.[1]?.split(/,\s*/).map((n) => n.trim());
    expect(listed?.sort()).toEqual(Object.keys(genlFamilies).sort());
    expect(readme).toContain('node scripts/ynl-gen.mjs');
    const sources = readFileSync(join(REPO_ROOT, 'ynl/README.md'), 'utf8');
    for (const family of Object.values(genlFamilies)) {
      const file = family.source.replace(/^ynl\/specs\/|\.yaml$/g, '');
      expect(sources, `ynl/README.md: where ${family.source} comes from`).toMatch(new RegExp(`\\b${file}\\b`));
    }
  });

  it('nests are sent with NLA_F_NESTED (strictly validated families reject them without)', () => {
    expect(ethtool.sets.channels!.byKey.get('header')!.encodeFlags).toBe(0x8000);
  });
});
