/**
 * Namespace ids: every RTM_NEWNSID / GETNSID in the iproute2 captures decodes, re-encodes byte for
 * byte and agrees with `ip -j netns list-id`; the builders give what iproute2 sent.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/netlink/errors.js';
import { splitMessages } from '../../src/netlink/message.js';
import { RTM_GETNSID, RTM_NEWNSID } from '../../src/rtnl/constants.js';
import type { NsidMessage } from '../../src/rtnl/nsid/index.js';
import { nsidDelete, nsidDump, nsidGet, nsidMessage, nsidSet } from '../../src/rtnl/nsid/index.js';
import { bytesOf, loadFixtures } from '../support/fixtures.js';
import { decodeBody, encodeBody, hex } from '../support/rtnl.js';

const fixtures = loadFixtures();
const NSID_TYPES = new Set([88, 89, 90]);

const decode = (bytes: Uint8Array, le = true): NsidMessage => decodeBody(nsidMessage, bytes, le);
const encode = (body: NsidMessage, le = true): Uint8Array => encodeBody(nsidMessage, body, le);

const messages = fixtures.flatMap((f) =>
  f.exchanges.flatMap((e) => {
    const buf = bytesOf(e);
    return splitMessages(buf, true)
      .filter((m) => NSID_TYPES.has(m.type))
      .map((m) => ({ file: f.file, cmd: e.cmd, command: f.commands[e.cmd] ?? '', dir: e.dir, type: m.type, flags: m.flags, bytes: buf.subarray(m.offset + 16, m.offset + m.length) }));
  }),
);

describe('nsid messages in the iproute2 captures', () => {
  it('decode with keepLayout and re-encode byte for byte', () => {
    expect(messages.length).toBeGreaterThan(60);
    for (const m of messages) {
      const body = decode(m.bytes);
      expect(hex(encode(body)), m.command).toBe(hex(m.bytes));
      expect(body.attrs.unknown, m.command).toBeUndefined();
    }
  });

  it('agrees with ip -j netns list-id', () => {
    const f = fixtures.find((x) => x.file === 'blog-container-networking.json')!;
    const j = (f.ipJson ?? []).find((x) => x.command.endsWith('netns list-id'))!;
    const answers = messages
      .filter((m) => m.file === f.file && m.cmd === j.cmd && m.dir === 'response' && m.type === RTM_NEWNSID && (m.flags & 2) !== 0)
      .map((m) => decode(m.bytes));
    expect(answers.map((a) => a.attrs.nsid)).toEqual((j.json as Array<{ nsid: number }>).map((x) => x.nsid));
  });

  it('builders: RTM_GETNSID by fd and the dump, byte for byte', () => {
    for (const m of messages.filter((x) => x.dir === 'request')) {
      const sent = decode(m.bytes);
      const req = m.flags === 0x301 ? nsidDump().request : nsidGet({ fd: sent.attrs.fd! });
      expect(req.type).toBe(RTM_GETNSID);
      expect(req.flags).toBe(m.flags);
      expect(req.body).toEqual(sent);
      expect(hex(encode(req.body)), m.command).toBe(hex(m.bytes));
    }
  });

  it('answers to a lookup carry NETNSA_NSID (-1 when none is assigned)', () => {
    const ids = messages.filter((m) => m.dir === 'response' && m.flags === 0).map((m) => decode(m.bytes).attrs.nsid);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(typeof id).toBe('number');
  });
});

describe('nsid builders', () => {
  it('golden bytes: ip netns set NAME 7 (fd 5)', () => {
    const req = nsidSet({ fd: 5, nsid: 7 });
    expect(req.type).toBe(88);
    expect(req.flags).toBe(0x005);
    expect(hex(encode(req.body))).toBe('00000000' + '08000300' + '05000000' + '08000100' + '07000000');
  });

  it('by pid, by nsid with a target, delete, big-endian', () => {
    expect(nsidSet({ pid: 1234, nsid: 1 }).body.attrs).toEqual({ pid: 1234, nsid: 1 });
    expect(nsidGet({ nsid: 3, targetNsid: 0 }).body.attrs).toEqual({ nsid: 3, targetNsid: 0 });
    expect(nsidDelete({ nsid: 3 }).type).toBe(89);
    const body = nsidGet({ pid: 0x01020304 }).body;
    const be = encode(body, false);
    expect(hex(be)).toBe('00000000' + '00080002' + '01020304');
    expect(decode(be, false)).toEqual(body);
    expect(decode(Buffer.from('00000000' + '08000100' + 'ffffffff', 'hex')).attrs.nsid).toBe(-1);
  });

  it('malformed input gives DecodeError', () => {
    for (const h of ['', '0000000008000100', '0000000003000100']) {
      let err: unknown;
      try {
        decode(Buffer.from(h, 'hex'));
      } catch (e) {
        err = e;
      }
      expect(err, h).toBeInstanceOf(DecodeError);
    }
  });
});
