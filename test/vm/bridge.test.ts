/**
 * Bridge VLANs against Debian's kernel in the VM lane (this machine's bridge has no VLAN
 * filtering, CONFIG_BRIDGE_VLAN_FILTERING): the same `bridge vlan add|del` commands run by
 * `bridge` in one namespace and by pure-bridge in another must answer alike and leave states that
 * `bridge` reads back identically; then pure-bridge must print what `bridge` prints (`vlan show`,
 * `-com`, `tunnelshow`, text and -j). Kept small: every command costs seconds under TCG.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/bridge/main.js';
import { useKernelNamespaces } from '../support/kernel.js';
import { IN_VM } from './vm.js';

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}
function bridge(ns: string, args: string[]): Run {
  const r = spawnSync('bridge', ['-n', ns, ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
async function pureBridge(ns: string, args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['-n', ns, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { stdout, stderr, code };
}

const SETUP: string[][] = [
  ['link', 'add', 'br0', 'type', 'bridge', 'vlan_filtering', '1'],
  ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'],
  ['link', 'add', 'vx0', 'type', 'vxlan', 'dstport', '4789', 'external', 'vnifilter'],
  ['link', 'set', 'v0', 'master', 'br0'],
  ['link', 'set', 'vx0', 'master', 'br0'],
  ['link', 'set', 'dev', 'vx0', 'type', 'bridge_slave', 'vlan_tunnel', 'on'],
];

const CMDS: string[][] = [
  ['vlan', 'add', 'dev', 'v0', 'vid', '10'],
  ['vlan', 'add', 'dev', 'v0', 'vid', '20-23', 'untagged'],
  ['vlan', 'add', 'dev', 'v0', 'vid', '30', 'pvid', 'untagged'],
  ['vlan', 'add', 'dev', 'br0', 'vid', '10', 'self'],
  ['vlan', 'add', 'dev', 'vx0', 'vid', '100-102'],
  ['vlan', 'add', 'dev', 'vx0', 'vid', '100-102', 'tunnel_info', 'id', '1000-1002'],
  ['vlan', 'del', 'dev', 'v0', 'vid', '22'],
  ['vlan', 'del', 'dev', 'v0', 'vid', '1'],
  ['vlan', 'add', 'dev', 'v0', 'vid', '40-41', 'pvid'],
  ['vlan', 'del', 'dev', 'v0', 'vid', '99'],
];

const SHOWS: string[][] = [];
for (const o of [[], ['-j'], ['-com'], ['-com', '-j']]) {
  SHOWS.push([...o, 'vlan', 'show'], [...o, 'vlan', 'show', 'dev', 'v0'], [...o, 'vlan', 'show', 'vid', '21'], [...o, 'vlan', 'tunnelshow']);
}

describe.skipIf(!IN_VM)('pure-bridge vlan against bridge on Debian\'s kernel (VM lane)', () => {
  const env = useKernelNamespaces(2, import.meta.url);
  const byUs = () => env.ns[0]!.name;
  const byBridge = () => env.ns[1]!.name;

  it('adds and deletes VLANs and tunnel mappings as bridge does, and prints them as bridge does', async () => {
    for (const ns of [byUs(), byBridge()]) for (const cmd of SETUP) execFileSync('ip', ['-n', ns, ...cmd]);
    for (const cmd of CMDS) {
      const a = bridge(byBridge(), cmd);
      const b = await pureBridge(byUs(), cmd);
      expect({ cmd, code: b.code, stderr: b.stderr }).toEqual({ cmd, code: a.code, stderr: a.stderr });
    }
    for (const show of SHOWS) {
      expect(bridge(byUs(), show).stdout, show.join(' ')).toBe(bridge(byBridge(), show).stdout);
      const ours = await pureBridge(byUs(), show);
      expect({ show, ...ours }).toEqual({ show, ...bridge(byUs(), show) });
    }
    const text = bridge(byUs(), ['-com', 'vlan', 'show', 'dev', 'v0']).stdout;
    expect(text).toMatch(/20-21 Egress Untagged/);
    expect(text).toMatch(/30 PVID Egress Untagged/);
    expect(bridge(byUs(), ['vlan', 'tunnelshow']).stdout).toMatch(/100-102\s+1000-1002/);
  });
});
