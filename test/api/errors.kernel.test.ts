/** One error base class with a `code`, and one class for a missing namespace whoever finds out. */
import { describe, expect, it } from 'vitest';
import {
  DecodeError, DumpInterruptedError, EncodeError, HelperError, HelperOperationError, Netlink, NetlinkError, NetnsNotFoundError,
  NotFoundError, PureNetlinkError, TimeoutError, ValidationError,
} from '../../src/api/index.js';
import { ReplayMismatchError } from '../../src/netlink/transport/replay.js';

describe('errors', () => {
  it('every class extends PureNetlinkError and carries a code', () => {
    const cases: Array<[PureNetlinkError, string]> = [
      [new DecodeError('short', 3), 'DECODE'],
      [new EncodeError('bad'), 'ENCODE'],
      [new ValidationError('bad', 'mtu'), 'VALIDATION'],
      [new NetlinkError(17), 'EEXIST'],
      [new HelperError('gone'), 'HELPER'],
      [new HelperOperationError('NETNS_ADD', 17, ''), 'EEXIST'],
      [new TimeoutError('slow'), 'TIMEOUT'],
      [new DumpInterruptedError('again'), 'DUMP_INTERRUPTED'],
      [new NotFoundError('link', 'x0'), 'NOT_FOUND'],
      [new NetnsNotFoundError('nope'), 'NETNS_NOT_FOUND'],
      [new ReplayMismatchError('differs', { socket: 's0', request: 0 }), 'REPLAY_MISMATCH'],
    ];
    for (const [e, code] of cases) {
      expect(e).toBeInstanceOf(PureNetlinkError);
      expect(e.code, e.name).toBe(code);
    }
    expect(new NetnsNotFoundError('nope')).toBeInstanceOf(NotFoundError);
  });

  it('a missing namespace is NetnsNotFoundError for a handle, netns delete/pids and tuntap', async () => {
    const nl = await Netlink.open({ sandbox: true });
    try {
      await expect(nl.in('nope').link.list()).rejects.toBeInstanceOf(NetnsNotFoundError);
      await expect(nl.in({ path: '/run/netns/nope' }).link.list()).rejects.toMatchObject({ code: 'NETNS_NOT_FOUND' });
      await expect(nl.netns.delete('nope')).rejects.toBeInstanceOf(NetnsNotFoundError);
      await expect(nl.netns.pids('nope')).rejects.toBeInstanceOf(NetnsNotFoundError);
      await expect(nl.in('nope').tuntap.add({ name: 't0', mode: 'tap' })).rejects.toBeInstanceOf(NetnsNotFoundError);
      await expect(nl.link.add({ name: 'v0', kind: 'veth', peer: { name: 'v1', netns: 'nope' } })).rejects.toBeInstanceOf(NetnsNotFoundError);
    } finally {
      await nl.context.close();
    }
  });
});
