/**
 * Namespace ids against the real kernel (root only), between two test namespaces: set with our
 * builder (NETNSA_FD from a helper-held namespace fd) and with `ip netns set`, read back with
 * RTM_GETNSID (by fd and by nsid) and the nsid dump, compared with `ip -j netns list-id`; a veth
 * whose peer lives in the other namespace reports IFLA_LINK_NETNSID as ip prints it.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { linkAdd, linkGet, nsidDump, nsidGet, nsidSet, type LinkMessageBody, type NsidMessage } from '../../src/rtnl/index.js';
import { isRoot, useKernelNamespaces } from '../support/kernel.js';
import { nsFdClose, nsFdOpen } from '../../src/system/netns.js';

describe.skipIf(!isRoot)('namespace ids against the kernel (rtnl + session, compared with ip netns list-id)', () => {
  const env = useKernelNamespaces(2, import.meta.url);
  const fds: number[] = [];

  it('sets an nsid by namespace fd and reads it back (get by fd, get by nsid, dump, ip netns list-id)', async () => {
    const [a, b] = env.ns as [typeof env.ns[0], typeof env.ns[0]];
    const fdB = await nsFdOpen(env.helper, { kind: 'name', name: b!.name });
    fds.push(fdB);
    // Not assigned yet: the kernel answers NETNSA_NSID -1.
    const [none] = await a!.request<NsidMessage>(nsidGet({ fd: fdB }));
    expect(none!.attrs.nsid).toBe(-1);
    await a!.request(nsidSet({ fd: fdB, nsid: 5 }));
    const [byFd] = await a!.request<NsidMessage>(nsidGet({ fd: fdB }));
    expect(byFd!.attrs.nsid).toBe(5);
    const [byNsid] = await a!.request<NsidMessage>(nsidGet({ nsid: 5 }));
    expect(byNsid!.attrs.nsid).toBe(5);
    const dump = await a!.dump(nsidDump());
    expect(dump.map((m) => m.attrs.nsid)).toEqual([5]);
    const ip = a!.ip<Array<{ nsid: number; name?: string }>>('netns', 'list-id');
    expect(ip.map((e) => e.nsid)).toEqual(dump.map((m) => m.attrs.nsid));
    expect(ip.find((e) => e.nsid === 5)?.name).toBe(b!.name);
    await expect(a!.request(nsidSet({ fd: fdB, nsid: 6 }))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('reads an nsid that ip netns set assigned, and the target-nsid dump', async () => {
    const [a, b] = env.ns as [typeof env.ns[0], typeof env.ns[0]];
    execFileSync('ip', ['-n', b!.name, 'netns', 'set', a!.name, '9']);
    const dumpB = await b!.dump(nsidDump());
    expect(dumpB.map((m) => m.attrs.nsid)).toEqual([9]);
    expect(b!.ip<Array<{ nsid: number }>>('netns', 'list-id').map((e) => e.nsid)).toEqual([9]);
    // From A, the ids B (A's nsid 5) has assigned: A is 9 there.
    const fromA = await a!.dump(nsidDump({ targetNsid: 5 }));
    expect(fromA.map((m) => m.attrs.nsid)).toEqual([9]);
    // NETNSA_CURRENT_NSID: that namespace (A) as seen from A itself: none.
    expect(fromA[0]!.attrs.currentNsid).toBe(-1);
    expect(a!.ip<Array<{ nsid: number }>>('netns', 'list-id', 'target-nsid', '5').map((e) => e.nsid)).toEqual([9]);
  });

  it('a veth with its peer in the other namespace reports the peer nsid (IFLA_LINK_NETNSID)', async () => {
    const [a, b] = env.ns as [typeof env.ns[0], typeof env.ns[0]];
    await a!.request(linkAdd({ ifname: 'pns0', kind: 'veth', peer: { ifname: 'pns1', netnsFd: fds[0]! } }));
    const [mine] = await a!.request<LinkMessageBody>(linkGet('pns0'));
    const [peer] = await b!.request<LinkMessageBody>(linkGet('pns1'));
    expect(mine!.attrs.linkNetnsid).toBe(5);
    expect(peer!.attrs.linkNetnsid).toBe(9);
    expect(mine!.attrs.link).toBe(peer!.header.index);
    const [ipA] = a!.ip<Array<Record<string, unknown>>>('link', 'show', 'dev', 'pns0');
    expect(ipA!.link_netnsid).toBe(5);
    expect(ipA!.link_index ?? ipA!.link).toBeDefined();
    const [ipB] = b!.ip<Array<Record<string, unknown>>>('link', 'show', 'dev', 'pns1');
    expect(ipB!.link_netnsid).toBe(9);
  });

  it('closes the namespace fds it opened', async () => {
    for (const fd of fds.splice(0)) await nsFdClose(env.helper, fd);
  });
});
