/** --sandbox: a private user + network + mount namespace with its own /run/netns. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HelperProcess } from '../../src/netlink/transport/helper.js';
import { CollectingSink, getLinkRequest, NLMSG_DONE, RTM_NEWLINK, uniqueName } from './util.js';
import { netnsAdd, netnsDelete, netnsExecArgs, netnsList } from '../../src/system/netns.js';
import { tuntapAdd, tuntapDel } from '../../src/system/tuntap.js';

function sandboxSupported(): boolean {
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--net', '--mount', 'true']);
  return r.status === 0;
}

describe.skipIf(!sandboxSupported())('sandbox mode', () => {
  let helper: HelperProcess;
  const name = uniqueName();

  beforeAll(async () => {
    helper = await HelperProcess.start({ sandbox: true });
  });
  afterAll(async () => {
    await helper?.close();
    expect(existsSync(`/run/netns/${name}`)).toBe(false);
  });

  it('says it is sandboxed', () => {
    expect(helper.hello?.sandbox).toBe(true);
  });

  it('adds namespaces inside the sandbox only', async () => {
    await netnsAdd(helper, name);
    expect(await netnsList(helper)).toEqual([name]);
    expect(existsSync(`/run/netns/${name}`)).toBe(false);
  });

  it('opens sockets in sandbox namespaces', async () => {
    const sink = new CollectingSink();
    const sock = await helper.openSocket({ protocol: 0, netns: { kind: 'name', name } }, sink);
    sock.send(getLinkRequest(5));
    await sink.until(() => sink.messages.some((m) => m.type === NLMSG_DONE));
    expect(sink.messages.filter((m) => m.type === RTM_NEWLINK).map((m) => m.ifname)).toEqual(['lo']);
    await sock.close();
  });

  it('creates a tun device in a sandbox namespace', async () => {
    await tuntapAdd(helper, { name: 'sbx0', mode: 'tun', netns: { kind: 'name', name } });
    const argv = netnsExecArgs(helper, name, ['ls', '/sys/class/net']);
    expect(argv).toContain('--join');
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['lo', 'sbx0']);
    await tuntapDel(helper, { name: 'sbx0', mode: 'tun', netns: { kind: 'name', name } });
  });

  it('deletes sandbox namespaces', async () => {
    await netnsDelete(helper, name);
    expect(await netnsList(helper)).toEqual([]);
  });
});
