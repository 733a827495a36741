/**
 * Traffic control against Debian's kernel in the VM lane (this machine's kernel has no netem,
 * fq_codel, prio, sfq, fq, and no classifiers or actions): one state, an htb tree with netem,
 * fq_codel and tbf leaves, prio/sfq/fq, and clsact with flower, matchall and u32 filters carrying
 * gact, mirred, police, vlan and skbedit actions, is built with `pure-tc` commands only in one
 * namespace and with `tc` in another. Then, in each namespace, `pure-tc` must print exactly what
 * `tc` prints (text and -j, with -s -d), and the namespace pure-tc built must read back through
 * `tc` exactly as the one tc built. The links stay down: no packet moves, so no counter changes
 * between two reads; only the actions' ages (`installed N sec used N sec`, from the clock) are
 * normalized.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/tc/main.js';
import { useKernelNamespaces } from '../support/kernel.js';
import { recordTc } from './tc-record.js';
import { IN_VM } from './vm.js';

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}
function tc(ns: string, args: string[]): Run {
  const r = spawnSync('tc', ['-n', ns, ...args], { encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
async function pureTc(ns: string, args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['-n', ns, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { stdout, stderr, code };
}

/** The qdisc/class part, parents first. */
const QDISCS: string[][] = [
  ['qdisc', 'add', 'dev', 't0', 'root', 'handle', '1:', 'htb', 'default', '20'],
  ['class', 'add', 'dev', 't0', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '100mbit', 'ceil', '100mbit', 'burst', '15k'],
  ['class', 'add', 'dev', 't0', 'parent', '1:1', 'classid', '1:10', 'htb', 'rate', '10mbit', 'ceil', '50mbit', 'burst', '15k', 'cburst', '20k'],
  ['class', 'add', 'dev', 't0', 'parent', '1:1', 'classid', '1:20', 'htb', 'rate', '5mbit', 'ceil', '100mbit', 'prio', '1'],
  ['class', 'add', 'dev', 't0', 'parent', '1:1', 'classid', '1:30', 'htb', 'rate', '1mbit'],
  ['qdisc', 'add', 'dev', 't0', 'parent', '1:10', 'handle', '10:', 'netem', 'delay', '10ms', '2ms', 'loss', '1%', 'rate', '5mbit'],
  ['qdisc', 'add', 'dev', 't0', 'parent', '1:20', 'handle', '20:', 'fq_codel', 'limit', '1000', 'flows', '256', 'target', '10ms', 'ecn'],
  ['qdisc', 'add', 'dev', 't0', 'parent', '1:30', 'handle', '30:', 'tbf', 'rate', '1mbit', 'burst', '32kbit', 'latency', '400ms'],
  ['qdisc', 'add', 'dev', 't0', 'clsact'],
  ['qdisc', 'add', 'dev', 't1', 'root', 'handle', '2:', 'prio', 'bands', '3'],
  ['qdisc', 'add', 'dev', 't1', 'parent', '2:1', 'handle', '21:', 'sfq', 'perturb', '10', 'quantum', '1514'],
  ['qdisc', 'add', 'dev', 't1', 'parent', '2:2', 'handle', '22:', 'fq', 'flow_limit', '50', 'maxrate', '10mbit'],
];
/** The filter part, on t0's clsact. */
const FILTERS: string[][] = [
  ['filter', 'add', 'dev', 't0', 'ingress', 'protocol', 'ip', 'pref', '10', 'flower', 'ip_proto', 'tcp', 'dst_ip', '192.0.2.1', 'dst_port', '80', 'action', 'drop'],
  ['filter', 'add', 'dev', 't0', 'ingress', 'protocol', '802.1q', 'pref', '20', 'flower', 'vlan_id', '100', 'vlan_prio', '3', 'action', 'vlan', 'pop', 'pipe', 'action', 'pass'],
  ['filter', 'add', 'dev', 't0', 'ingress', 'protocol', 'ip', 'pref', '30', 'flower', 'skip_hw', 'src_ip', '198.51.100.0/24', 'action', 'skbedit', 'mark', '5', 'pipe', 'action', 'pass'],
  ['filter', 'add', 'dev', 't0', 'egress', 'pref', '40', 'matchall', 'action', 'mirred', 'egress', 'redirect', 'dev', 't1'],
  ['filter', 'add', 'dev', 't0', 'egress', 'protocol', 'ip', 'pref', '50', 'u32', 'match', 'ip', 'dst', '192.0.2.0/24', 'match', 'ip', 'dport', '53', '0xffff', 'action', 'police', 'rate', '1mbit', 'burst', '10k', 'conform-exceed', 'drop'],
  ['filter', 'add', 'dev', 't0', 'egress', 'protocol', 'all', 'pref', '60', 'matchall', 'action', 'vlan', 'push', 'id', '10', 'priority', '2'],
];

/** Each show, plain and with -s -d, text and -j. */
const SHOWS: string[][] = [];
for (const o of [[], ['-s', '-d'], ['-j'], ['-j', '-s', '-d']]) {
  for (const dev of ['t0', 't1']) SHOWS.push([...o, 'qdisc', 'show', 'dev', dev], [...o, 'class', 'show', 'dev', dev]);
  SHOWS.push([...o, 'filter', 'show', 'dev', 't0', 'ingress'], [...o, 'filter', 'show', 'dev', 't0', 'egress']);
}

/** An action's age in seconds (print_tm): changes between two reads a second apart. */
const age = (s: string) =>
  s.replace(/ (installed|used|firstused|expires) \d+ sec/g, ' $1 N sec').replace(/"(installed|last_used|first_used|expires)":\d+/g, '"$1":0');

/** Each differing line of two outputs, with the command that printed them. */
function lineDiff(label: string, expected: string, actual: string): string[] {
  const e = age(expected).split('\n');
  const a = age(actual).split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(e.length, a.length); i++) if (e[i] !== a[i]) out.push(`${label} line ${i + 1}:\n  tc:      ${e[i] ?? '(none)'}\n  pure-tc: ${a[i] ?? '(none)'}`);
  return out;
}

/** pure-tc against tc on one namespace's state, for every show command. */
async function showDiffs(ns: string, shows: string[][]): Promise<string[]> {
  const out: string[] = [];
  for (const show of shows) {
    const theirs = tc(ns, show);
    const ours = await pureTc(ns, show);
    const label = show.join(' ');
    if (theirs.code !== 0) out.push(`${label}: tc exited ${theirs.code}: ${theirs.stderr}`);
    if (ours.code !== 0) out.push(`${label}: pure-tc exited ${ours.code}: ${ours.stderr}`);
    else out.push(...lineDiff(label, theirs.stdout, ours.stdout));
  }
  return out;
}

describe.skipIf(!IN_VM)('pure-tc against tc on Debian\'s kernel (VM lane)', () => {
  const env = useKernelNamespaces(2, import.meta.url);
  const byUs = () => env.ns[0]!.name;
  const byTc = () => env.ns[1]!.name;
  /** What pure-tc refused while building (each a bug or a missing feature). */
  const refused: string[] = [];

  beforeAll(async () => {
    for (const ns of [byUs(), byTc()]) {
      execFileSync('ip', ['-n', ns, 'link', 'add', 't0', 'type', 'veth', 'peer', 'name', 't1']);
    }
    for (const cmd of [...QDISCS, ...FILTERS]) {
      const t = tc(byTc(), cmd);
      expect(t.code, `tc ${cmd.join(' ')}: ${t.stderr}`).toBe(0);
      const r = await pureTc(byUs(), cmd);
      if (r.code !== 0) refused.push(`pure-tc ${cmd.join(' ')}: exit ${r.code}: ${r.stderr}`);
    }
  });

  it('pure-tc builds the whole state (every command tc takes, pure-tc takes)', () => {
    expect(refused).toEqual([]);
  });

  it('the state pure-tc built reads back through tc as the state tc built', () => {
    const diffs: string[] = [];
    for (const show of SHOWS) diffs.push(...lineDiff(show.join(' '), tc(byTc(), show).stdout, tc(byUs(), show).stdout));
    expect(diffs).toEqual([]);
  });

  it('what was asked is what the kernel holds (tc -j)', () => {
    const j = (args: string[]) => JSON.parse(tc(byUs(), ['-j', ...args]).stdout) as Array<Record<string, any>>;
    const q = j(['qdisc', 'show', 'dev', 't0']);
    expect(q.find((x) => x.kind === 'htb')?.options).toMatchObject({ default: '0x20' });
    expect(q.find((x) => x.kind === 'netem')?.options).toMatchObject({ delay: { delay: 0.01, jitter: 0.002 }, 'loss-random': { loss: 0.01 }, rate: { rate: 625000 } });
    expect(q.find((x) => x.kind === 'fq_codel')?.options).toMatchObject({ limit: 1000, flows: 256, ecn: true });
    // codel keeps times in 1024 ns units: 10 ms reads back as 9999 us
    expect(q.find((x) => x.kind === 'fq_codel')?.options.target).toBeGreaterThanOrEqual(9990);
    expect(q.find((x) => x.kind === 'tbf')?.options).toMatchObject({ rate: 125000 });
    // tc 6.1 prints htb classes as text even under -j (q_htb.c's print_copt uses fprintf)
    expect(tc(byUs(), ['class', 'show', 'dev', 't0']).stdout).toMatch(/class htb 1:10 parent 1:1 .*rate 10Mbit ceil 50Mbit burst 15Kb cburst 20Kb/);
    const f = [...j(['filter', 'show', 'dev', 't0', 'ingress']), ...j(['filter', 'show', 'dev', 't0', 'egress'])]
      // the per-prio header messages carry no options; u32's hash table (fh 800: ht divisor 1) is not a rule
      .filter((x) => x.options && x.options.ht_divisor === undefined);
    expect(f.map((x) => `${x.pref} ${x.kind}`)).toEqual(['10 flower', '20 flower', '30 flower', '40 matchall', '50 u32', '60 matchall']);
    expect(f[0]!.options.keys).toMatchObject({ ip_proto: 'tcp', dst_ip: '192.0.2.1', dst_port: 80 });
    expect(f[1]!.options.keys).toMatchObject({ vlan_id: 100, vlan_prio: 3 });
    expect(f[1]!.options.actions.map((a: { kind: string }) => a.kind)).toEqual(['vlan', 'gact']);
    expect(f[2]!.options.actions[0]).toMatchObject({ kind: 'skbedit', mark: 5 });
    expect(f[3]!.options.actions[0]).toMatchObject({ kind: 'mirred', to_dev: 't1', mirred_action: 'redirect' });
    expect(f[4]!.options.match).toMatchObject({ off: 20 }); // the last of the two "match" keys: ip dport
    expect(f[4]!.options.actions[0]).toMatchObject({ kind: 'police', control_action: { type: 'drop' } });
    expect(f[5]!.options.actions[0]).toMatchObject({ kind: 'vlan', vlan_action: 'push', id: 10, priority: 2 });
  });

  it('every qdisc, class and filter of both states decodes (the kernel\'s answers, recorded for the coverage table)', async () => {
    for (const k of env.ns) expect(await recordTc(k)).toBeGreaterThanOrEqual(QDISCS.length + FILTERS.length);
  });

  it('pure-tc prints the state it built as tc does (text and -j, -s -d)', async () => {
    expect(await showDiffs(byUs(), SHOWS)).toEqual([]);
  });

  it('pure-tc prints the state tc built as tc does (text and -j, -s -d)', async () => {
    expect(await showDiffs(byTc(), SHOWS)).toEqual([]);
  });
});
