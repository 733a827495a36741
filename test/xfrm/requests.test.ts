/**
 * NETLINK_XFRM bytes against iproute2's: each `ip xfrm ...` command line is run under strace (in
 * a namespace of its own: ip sends its request whatever this kernel answers, and it has no ESP),
 * its request must decode with the `xfrm` family and re-encode to the same bytes, and src/xfrm's
 * builder given the same options must produce that very datagram (nlmsg_seq and pid aside).
 * Also the struct sizes of linux/xfrm.h on a 64-bit kernel.
 */
import { describe, expect, it } from 'vitest';
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { decode, encode } from '../../src/netlink/decode.js';
import type { NetlinkMessage } from '../../src/netlink/message.js';
import { xfrm } from '../../src/xfrm/family.js';
import * as X from '../../src/xfrm/index.js';
import { ipRequests, ipStraceAvailable, zeroSeq } from '../support/ip-strace.js';
import { skipping } from '../support/probe.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Our request as the API sends it: NLM_F_ACK as ip's rtnl_talk adds it, only when no answer is wanted. */
function ours(type: number, body: unknown, flags = NLM_F_REQUEST | NLM_F_ACK): Uint8Array {
  const m: NetlinkMessage = { type, flags, seq: 0, pid: 0, body };
  return zeroSeq(encode(m, xfrm));
}

describe('xfrm struct layouts (64-bit)', () => {
  it('has the sizes of linux/xfrm.h', () => {
    expect(X.xfrmSelector.size).toBe(56);
    expect(X.xfrmId.size).toBe(24);
    expect(X.xfrmLifetimeCfg.size).toBe(64);
    expect(X.xfrmLifetimeCur.size).toBe(32);
    expect(X.xfrmUsersaInfo.size).toBe(224);
    expect(X.xfrmUsersaId.size).toBe(24);
    expect(X.xfrmUserspiInfo.size).toBe(232);
    expect(X.xfrmUserpolicyInfo.size).toBe(168);
    expect(X.xfrmUserpolicyId.size).toBe(64);
    expect(X.xfrmUserTmpl.size).toBe(64);
    expect(X.xfrmEncapTmpl.size).toBe(24);
    expect(X.xfrmUserpolicyType.size).toBe(6);
    expect(X.xfrmUserExpire.size).toBe(232);
    expect(X.xfrmUserPolexpire.size).toBe(176);
    expect(X.xfrmUserAcquire.size).toBe(280);
    expect(X.xfrmAddressFilter.size).toBe(36);
  });

  it('reads an AF_INET address from the first 4 bytes, keeps any other bytes as IPv6 text', () => {
    const body = X.stateIdBody({ dst: '10.1.2.3', proto: 'esp', spi: 7 });
    const bytes = ours(X.XFRM_MSG_GETSA, body);
    const back = decode(bytes, xfrm)[0]!.body as { header: { daddr: string; family: number }; attrs: { srcaddr: string } };
    expect(back.header).toMatchObject({ daddr: '10.1.2.3', family: 2 });
    expect(back.attrs.srcaddr).toBe('0.0.0.0');
    // A non-zero byte past the IPv4 address survives a round trip.
    const odd = bytes.slice();
    odd[16 + 8] = 0xaa;
    const d = decode(odd, xfrm);
    expect((d[0]!.body as { header: { daddr: string } }).header.daddr).toBe('a01:203:0:0:aa00::');
    expect(hex(encode(d, xfrm))).toBe(hex(odd));
  });

  it('rejects bad options with a ValidationError naming the field', () => {
    expect(() => X.stateBody({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'esp', spi: 1 })).toThrow(/needs enc or aead/);
    expect(() => X.stateBody({ src: '10.0.0.1', dst: 'fd00::1', proto: 'esp', enc: { name: 'cbc(aes)', key: '0x00' } })).toThrow(/same address family/);
    expect(() => X.stateBody({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'esp', enc: { name: 'cbc(aes)', key: '0xzz' } })).toThrow(/invalid hex key/);
    expect(() => X.policyBody({ dir: 'sideways' as 'in' })).toThrow(/dir: unknown value/);
    expect(() => X.policyIdBody({ dir: 'in' })).toThrow(/selector \(sel\) or an index/);
    expect(() => X.stateBody({ dst: '10.0.0.2', proto: 'esp', spi: 70000, comp: { name: 'deflate' } } as X.XfrmStateOptions)).toThrow(/comp is invalid with proto esp/);
  });
});

const KEY16 = '0x00112233445566778899aabbccddeeff';
const KEY32 = '0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** Command lines and the builder call that must produce the same request. */
const CASES: Array<{ args: string; build: () => Uint8Array }> = [
  {
    args: `xfrm state add src 10.0.0.1 dst 10.0.0.2 proto esp spi 0x100 mode tunnel reqid 1 enc cbc(aes) ${KEY16} auth-trunc hmac(sha256) ${KEY32} 128 sel src 10.1.0.0/16 dst 10.2.0.0/16 proto tcp dport 80`,
    build: () => ours(X.XFRM_MSG_NEWSA, X.stateBody({
      src: '10.0.0.1', dst: '10.0.0.2', proto: 'esp', spi: 0x100, mode: 'tunnel', reqid: 1, enc: { name: 'cbc(aes)', key: KEY16 },
      authTrunc: { name: 'hmac(sha256)', key: KEY32, truncLen: 128 }, sel: { src: '10.1.0.0/16', dst: '10.2.0.0/16', proto: 'tcp', dport: 80 },
    })),
  },
  {
    args: `xfrm state update src fd00::1 dst fd00::2 proto esp spi 7 aead rfc4106(gcm(aes)) 0x0011223344556677889900aabbccddeeff001122 128 replay-window 64 flag esn noecn mark 5 mask 0xf if_id 9 limit time-hard 60 limit byte-soft 1000 encap espinudp 4500 4500 0.0.0.0`,
    build: () => ours(X.XFRM_MSG_UPDSA, X.stateBody({
      src: 'fd00::1', dst: 'fd00::2', proto: 'esp', spi: 7, aead: { name: 'rfc4106(gcm(aes))', key: '0x0011223344556677889900aabbccddeeff001122', icvLen: 128 },
      replayWindow: 64, flags: ['esn', 'noecn'], mark: { value: 5, mask: 0xf }, ifId: 9, limits: { timeHard: 60, byteSoft: 1000 },
      encap: { type: 'espinudp', sport: 4500, dport: 4500, oa: '0.0.0.0' },
    })),
  },
  {
    args: 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto ah spi 0x200 auth hmac(sha1) 0x0102030405060708090a0b0c0d0e0f1011121314 replay-window 32 replay-seq 5 replay-oseq 6 extra-flag dont-encap-dscp output-mark 0x20 mask 0xff tfcpad 16',
    build: () => ours(X.XFRM_MSG_NEWSA, X.stateBody({
      src: '10.0.0.1', dst: '10.0.0.2', proto: 'ah', spi: 0x200, auth: { name: 'hmac(sha1)', key: '0x0102030405060708090a0b0c0d0e0f1011121314' },
      replayWindow: 32, replaySeq: 5, replayOseq: 6, extraFlags: ['dont-encap-dscp'], outputMark: { value: 0x20, mask: 0xff }, tfcpad: 16,
    })),
  },
  {
    args: 'xfrm state add src 10.0.0.1 dst 10.0.0.2 proto comp spi 0x4000 comp deflate',
    build: () => ours(X.XFRM_MSG_NEWSA, X.stateBody({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'comp', spi: 0x4000, comp: { name: 'deflate' } })),
  },
  {
    args: 'xfrm state get src 1.1.1.1 dst 2.2.2.2 proto esp spi 5',
    build: () => ours(X.XFRM_MSG_GETSA, X.stateIdBody({ src: '1.1.1.1', dst: '2.2.2.2', proto: 'esp', spi: 5 }), NLM_F_REQUEST),
  },
  {
    args: 'xfrm state delete src 1.1.1.1 dst 2.2.2.2 proto esp spi 5 mark 3',
    build: () => ours(X.XFRM_MSG_DELSA, X.stateIdBody({ src: '1.1.1.1', dst: '2.2.2.2', proto: 'esp', spi: 5, mark: { value: 3 } })),
  },
  {
    args: 'xfrm state allocspi src 10.0.0.1 dst 10.0.0.2 proto esp reqid 3 mode tunnel mark 7 seq 9',
    build: () => ours(X.XFRM_MSG_ALLOCSPI, X.allocSpiBody({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'esp', reqid: 3, mode: 'tunnel', mark: { value: 7 }, seq: 0x09000000 }), NLM_F_REQUEST),
    // ip reads SEQ with get_be32 into a host-order field: `seq 9` is 0x09000000 to the kernel.
  },
  {
    args: 'xfrm state allocspi src fd00::1 dst fd00::2 proto comp min 0x300 max 0x400',
    build: () => ours(X.XFRM_MSG_ALLOCSPI, X.allocSpiBody({ src: 'fd00::1', dst: 'fd00::2', proto: 'comp', min: 0x300, max: 0x400 }), NLM_F_REQUEST),
  },
  { args: 'xfrm state flush', build: () => ours(X.XFRM_MSG_FLUSHSA, X.stateFlushBody()) },
  { args: 'xfrm state flush proto ah', build: () => ours(X.XFRM_MSG_FLUSHSA, X.stateFlushBody('ah')) },
  { args: 'xfrm state count', build: () => ours(X.XFRM_MSG_GETSADINFO, X.infoRequestBody(), NLM_F_REQUEST) },
  { args: 'xfrm policy count', build: () => ours(X.XFRM_MSG_GETSPDINFO, X.infoRequestBody(), NLM_F_REQUEST) },
  {
    args: 'xfrm state list',
    build: () => ours(X.XFRM_MSG_GETSA, { attrs: X.stateDumpAttrs() }, NLM_F_REQUEST | NLM_F_DUMP),
  },
  {
    args: 'xfrm state list src 1.1.1.1 proto esp',
    build: () => ours(X.XFRM_MSG_GETSA, { attrs: X.stateDumpAttrs({ src: '1.1.1.1', proto: 'esp' }) }, NLM_F_REQUEST | NLM_F_DUMP),
  },
  { args: 'xfrm policy list', build: () => ours(X.XFRM_MSG_GETPOLICY, { attrs: {} }, NLM_F_REQUEST | NLM_F_DUMP) },
  {
    args: 'xfrm policy add src 10.0.0.0/24 dst 10.0.1.0/24 dir out priority 5 mark 7 tmpl src 10.0.0.1 dst 10.0.0.2 proto esp reqid 1 mode tunnel tmpl src ::1 dst ::2 proto ah',
    build: () => ours(X.XFRM_MSG_NEWPOLICY, X.policyBody({
      sel: { src: '10.0.0.0/24', dst: '10.0.1.0/24' }, dir: 'out', priority: 5, mark: { value: 7 },
      tmpl: [{ src: '10.0.0.1', dst: '10.0.0.2', proto: 'esp', reqid: 1, mode: 'tunnel' }, { src: '::1', dst: '::2', proto: 'ah' }],
    })),
  },
  {
    args: 'xfrm policy update src fd00::/64 dst fd01::/64 proto ipv6-icmp type 128 code 0 dir fwd action block index 0x10 ptype sub flag localok icmp if_id 4 limit packet-hard 99',
    build: () => ours(X.XFRM_MSG_UPDPOLICY, X.policyBody({
      sel: { src: 'fd00::/64', dst: 'fd01::/64', proto: 'ipv6-icmp', type: 128, code: 0 }, dir: 'fwd', action: 'block', index: 0x10, ptype: 'sub',
      flags: ['localok', 'icmp'], ifId: 4, limits: { packetHard: 99 },
    })),
  },
  {
    args: 'xfrm policy add src 10.9.0.0/16 proto gre key 1.2.3.4 dir in tmpl proto esp level use',
    build: () => ours(X.XFRM_MSG_NEWPOLICY, X.policyBody({
      sel: { src: '10.9.0.0/16', proto: 'gre', key: '1.2.3.4' }, dir: 'in', tmpl: [{ proto: 'esp', level: 'use' }],
    })),
  },
  {
    args: 'xfrm policy delete src 1.0.0.0/8 dir in',
    build: () => ours(X.XFRM_MSG_DELPOLICY, X.policyIdBody({ sel: { src: '1.0.0.0/8' }, dir: 'in' })),
  },
  {
    args: 'xfrm policy get index 9 dir out ptype sub mark 1 mask 3',
    build: () => ours(X.XFRM_MSG_GETPOLICY, X.policyIdBody({ index: 9, dir: 'out', ptype: 'sub', mark: { value: 1, mask: 3 } }), NLM_F_REQUEST),
  },
  { args: 'xfrm policy flush', build: () => ours(X.XFRM_MSG_FLUSHPOLICY, X.policyFlushBody()) },
  { args: 'xfrm policy flush ptype sub', build: () => ours(X.XFRM_MSG_FLUSHPOLICY, X.policyFlushBody('sub')) },
];

describe.skipIf(skipping(ipStraceAvailable()))('xfrm requests = ip xfrm requests', () => {
  for (const c of CASES) {
    it(c.args, () => {
      const sent = ipRequests(c.args.split(' '));
      expect(sent.length).toBe(1);
      const theirs = sent[0]!;
      // ip's bytes decode and re-encode to themselves...
      const msgs = decode(theirs, xfrm);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]!.body).not.toBeInstanceOf(Uint8Array);
      expect(hex(encode(msgs, xfrm))).toBe(hex(theirs));
      // ...and the builder given the same options sends them.
      expect(hex(c.build())).toBe(hex(theirs));
    });
  }
});
