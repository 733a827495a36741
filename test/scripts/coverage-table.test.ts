/**
 * The coverage table (scripts/coverage-table.mjs) run on the sources: it reaches every attribute
 * set (including those behind by-family, slave-data, lazy and sub-message codecs), and the
 * README's coverage section is what the script generates now — a stale table fails here.
 * Regenerate with `npm run build && node scripts/coverage-table.mjs --write`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import '../../src/rtnl/index.js';
import type { Family } from '../../src/netlink/family.js';
import { rtnetlink } from '../../src/rtnl/family.js';
import type { AttrSet } from '../../src/netlink/schema.js';
import { addrAttrs, bridgeAttrs, bridgePortAttrs, linkAttrs, routeAttrs, routeMetrics } from '../../src/rtnl/index.js';
import { REPO_ROOT } from '../support/fixtures.js';

interface Row {
  name: string;
  prefix: string;
  where: string;
  attributes: number;
  decoded: number;
  encoded: number;
  kernel: number;
}
interface CoverageModule {
  COMMAND: string;
  collectSets(family: Family): Map<string, { set: AttrSet<any>; where: string; objects: Set<unknown> }>;
  readSeen(path?: string): Map<string, Set<number>>;
  coverageRows(family: Family, seen: Map<string, Set<number>>): Row[];
  renderSection(rows: Row[]): string;
  updateReadme(text: string, section: string): string;
  readmeSection(text: string): string | undefined;
}

const script = pathToFileURL(join(REPO_ROOT, 'scripts', 'coverage-table.mjs')).href;
const cov = (await import(script)) as CoverageModule;
const family = rtnetlink;

describe('coverage table', () => {
  it('reaches every attribute set, with unique names, through every kind of nested codec', () => {
    const sets = cov.collectSets(family);
    for (const [name, entry] of sets) expect(entry.objects.size, `two different sets are named ${name}`).toBe(1);
    const names = [...sets.keys()];
    expect(names).toEqual(expect.arrayContaining([
      'link_attrs', 'ifla_info', 'ifla_br', 'ifla_vxlan', 'ifla_tun', 'veth_info', // message body, nest, select by kind
      'ifla_brport', 'ifla_inet6', 'ifla_bridge', 'af_spec', 'ifla_inet', // by family (IFLA_PROTINFO, IFLA_AF_SPEC)
      'ifla_bond_slave', 'ifla_vrf_port', // slave data
      'ifla_vf', 'ifla_port', 'ifla_bond_ad_info', // multi / nested
      'ifa', 'rta', 'rtax', 'lwtunnel_ip', 'seg6_local', 'nda', 'nfea', 'ndta', 'ndtpa', 'fra', 'netnsa',
    ]));
    const rows = cov.coverageRows(family, new Map());
    const row = (set: AttrSet<any>) => rows.find((r) => r.name === set.name)!;
    for (const set of [linkAttrs, bridgeAttrs, bridgePortAttrs, addrAttrs, routeAttrs, routeMetrics]) {
      expect(row(set)).toMatchObject({ attributes: set.specs.length, decoded: set.specs.length, encoded: set.specs.length, kernel: 0 });
    }
    expect(row(bridgePortAttrs).where).toBe('RTM_NEWLINK › IFLA_PROTINFO[family 7]');
    expect(row(bridgeAttrs).where).toBe('RTM_NEWLINK › IFLA_LINKINFO › IFLA_INFO_DATA[bridge]');
  });

  it('counts only known attribute types as kernel-tested', () => {
    const seen = new Map([[linkAttrs.name, new Set([3, 4, 999])]]);
    const rows = cov.coverageRows(family, seen);
    expect(rows.find((r) => r.name === linkAttrs.name)!.kernel).toBe(2);
    const n = linkAttrs.specs.length;
    expect(cov.renderSection(rows)).toContain(`| \`link_attrs\` | \`IFLA_\` | RTM_NEWLINK | ${n} | ${n} | ${n} | 2 (${Math.round(200 / n)}%) |`);
  });

  it('rewrites only the text between the markers (and appends the section when it is missing)', () => {
    const fresh = cov.updateReadme('# title\n\ntext\n', 'TABLE');
    expect(fresh).toBe('# title\n\ntext\n\n## Coverage\n\n<!-- coverage:start -->\nTABLE\n<!-- coverage:end -->\n');
    const again = cov.updateReadme(`${fresh}\nafter\n`, 'NEW');
    expect(again).toBe('# title\n\ntext\n\n## Coverage\n\n<!-- coverage:start -->\nNEW\n<!-- coverage:end -->\n\nafter\n');
    expect(cov.readmeSection(again)).toBe('NEW');
  });

  it('README.md holds the current table', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const expected = cov.renderSection(cov.coverageRows(family, cov.readSeen()));
    expect(cov.readmeSection(readme), `README coverage section is stale: run ${cov.COMMAND}`).toBe(expected);
    expect(readme).toContain(cov.COMMAND);
  });
});
